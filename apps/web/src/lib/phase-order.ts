/**
 * The order of a campaign's deadlines in the browser, with the api's own words (libs/criteria/src/phase-order.ts
 * checkPhaseOrder, which the api runs again): each phase's last day must be after the one before. The browser
 * bundle does not carry luxon, so the rule is restated here on last days (dd/MM/yyyy, Vietnam time, no DST) — the
 * campaign-wizard e2e checks the sentence the person reads.
 */
import type { Dayjs } from 'dayjs';

export const PHASE_KEYS = ['selfAssessment', 'appraisal', 'councilReview', 'approval'] as const;
export type PhaseKey = (typeof PHASE_KEYS)[number];

/** How a deadline is named in a sentence ("Hạn thẩm định …"), as DEADLINE_NAMES in @lib/criteria. */
export const DEADLINE_NAMES: Record<PhaseKey, { vi: string; en: string }> = {
  selfAssessment: { vi: 'tự đánh giá', en: 'self-assessment' },
  appraisal: { vi: 'thẩm định', en: 'appraisal' },
  councilReview: { vi: 'họp Hội đồng thẩm định', en: 'council review' },
  approval: { vi: 'công bố', en: 'publication' },
};

/**
 * The exclusive deadline instant of a last day: the next day 00:00 in Asia/Ho_Chi_Minh (deadlineFromLocal's rule
 * for a date; Vietnam has no daylight saving, so the offset is always +07:00).
 */
export function deadlineOfLastDay(day: Dayjs): string {
  return `${day.add(1, 'day').format('YYYY-MM-DD')}T00:00:00+07:00`;
}

/** One sentence per phase whose last day is not after the previous given phase's, keyed by the later phase. */
export function phaseOrderProblems(
  lastDays: Partial<Record<PhaseKey, Dayjs | null | undefined>>,
  lang: 'vi' | 'en',
): Partial<Record<PhaseKey, string>> {
  const problems: Partial<Record<PhaseKey, string>> = {};
  let previous: { phase: PhaseKey; day: Dayjs } | undefined;
  for (const phase of PHASE_KEYS) {
    const day = lastDays[phase];
    if (!day) {
      continue;
    }
    if (previous && !day.isAfter(previous.day, 'day')) {
      const [d, before] = [day.format('DD/MM/YYYY'), previous.day.format('DD/MM/YYYY')];
      const [name, prevName] = [DEADLINE_NAMES[phase], DEADLINE_NAMES[previous.phase]];
      problems[phase] =
        lang === 'vi'
          ? `Hạn ${name.vi} (${d}) phải sau hạn ${prevName.vi} (${before}).`
          : `The ${name.en} deadline (${d}) must be after the ${prevName.en} deadline (${before}).`;
    }
    previous = { phase, day };
  }
  return problems;
}
