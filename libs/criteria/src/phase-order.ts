/**
 * The order of a campaign's deadlines: self-assessment < appraisal < council < publication, each strictly after
 * the one before (a phase that ends when the one before it ends never opens). One check for every writer — the
 * campaign plan, the campaign wizard (api and screen) and a phase extension — so they refuse with the same words.
 *
 * Deadlines are exclusive instants ("trước ngày 25/12/2026" is stored as 25/12/2026 00:00 local time); people
 * read the last day that still accepts work, the instant − 1 ms in the campaign's time zone.
 */
import { DateTime } from 'luxon';
import { PHASES, type Phase } from './phases';
import { problem } from './problems';
import type { Problem } from './types';

/** How a deadline is named in a sentence ("Hạn thẩm định …"). */
export const DEADLINE_NAMES: Readonly<Record<Phase, { vi: string; en: string }>> = {
  selfAssessment: { vi: 'tự đánh giá', en: 'self-assessment' },
  appraisal: { vi: 'thẩm định', en: 'appraisal' },
  councilReview: { vi: 'họp Hội đồng thẩm định', en: 'council review' },
  approval: { vi: 'công bố', en: 'publication' },
};

/** The last day a deadline still accepts work, in the time zone, as dd/MM/yyyy. */
export function lastDayShown(dueAt: Date | string, timeZone: string): string {
  const instant = typeof dueAt === 'string' ? Date.parse(dueAt) : dueAt.getTime();
  return DateTime.fromMillis(instant - 1, { zone: timeZone }).toFormat('dd/MM/yyyy');
}

/**
 * The exclusive deadline instant for a local last day (`2026-12-24` → 25/12/2026 00:00 in the zone), or for a
 * local date and time (`2026-12-24T17:00` → that instant, exclusive). Undefined when the text is not a date.
 */
export function deadlineFromLocal(local: string, timeZone: string): Date | undefined {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(local);
  const dt = DateTime.fromISO(local, { zone: timeZone });
  if (!dt.isValid) {
    return undefined;
  }
  return (dateOnly ? dt.plus({ days: 1 }) : dt).toJSDate();
}

/**
 * Problems with the order of the given deadlines, one per phase whose deadline is not after the previous given
 * phase's (phases left out are skipped, so a single extension can be checked against its neighbours). The
 * problem's `field` is the later phase's key.
 */
export function checkPhaseOrder(deadlines: Partial<Record<Phase, Date | string>>, timeZone: string): Problem[] {
  const problems: Problem[] = [];
  let previous: { phase: Phase; at: number } | undefined;
  for (const phase of PHASES) {
    const due = deadlines[phase];
    if (due === undefined) {
      continue;
    }
    const at = typeof due === 'string' ? Date.parse(due) : due.getTime();
    if (previous && at <= previous.at) {
      const [day, before] = [lastDayShown(new Date(at), timeZone), lastDayShown(new Date(previous.at), timeZone)];
      const [name, prevName] = [DEADLINE_NAMES[phase], DEADLINE_NAMES[previous.phase]];
      problems.push(
        problem(
          'deadline-order',
          { field: phase },
          `Hạn ${name.vi} (${day}) phải sau hạn ${prevName.vi} (${before}).`,
          `The ${name.en} deadline (${day}) must be after the ${prevName.en} deadline (${before}).`,
        ),
      );
    }
    previous = { phase, at };
  }
  return problems;
}
