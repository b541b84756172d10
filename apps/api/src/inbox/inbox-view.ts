/** The inbox's read model: a task row with its due badge, and the keyset cursor. Pure. */
import type { InboxTaskView } from './dto/inbox.dto';
import { DUE_SOON_DAYS, type InboxRow } from './inbox.queries';
import { TaskErrors } from './task.errors';

export function toInboxView(r: InboxRow, now: Date): InboxTaskView {
  const dueMs = msOf(r.due_at);
  const nowMs = now.getTime();
  const done = r.state === 'completed';
  const completedMs = r.completed_at ? msOf(r.completed_at) : null;
  const followUpMs = r.follow_up_at ? msOf(r.follow_up_at) : null;
  const secondsRemaining = Math.floor((dueMs - nowMs) / 1000);
  const breached = done ? (completedMs !== null ? completedMs >= dueMs : false) : secondsRemaining <= 0;
  const kind = done
    ? breached
      ? 'doneLate'
      : 'done'
    : breached
      ? 'breached'
      : secondsRemaining < DUE_SOON_DAYS * 24 * 3600
        ? 'dueSoon'
        : 'onTrack';
  return {
    id: r.id,
    campaignId: r.campaign_id,
    sheetId: r.sheet_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitGroup: r.unit_group,
    contentArea: r.content_area,
    contentAreaName: r.content_area_name ?? r.content_area,
    state: r.state,
    version: r.version,
    assignee:
      r.assignee_user_id !== null
        ? { id: r.assignee_user_id, username: r.assignee_username ?? '', fullName: r.assignee_full_name ?? '' }
        : null,
    originalAssigneeUserId: r.original_assignee_user_id,
    dueAt: isoUtc(dueMs),
    followUpAt: followUpMs !== null ? isoUtc(followUpMs) : null,
    conflictOfInterest: Boolean(Number(r.conflict_of_interest)),
    completedAt: completedMs !== null ? isoUtc(completedMs) : null,
    clarificationAnswered: !done && Boolean(Number(r.clarification_answered)),
    badge: {
      kind,
      secondsRemaining,
      breached,
      followUpDue: !done && followUpMs !== null && followUpMs <= nowMs,
    },
  };
}

/** A row's time as epoch milliseconds (mysql2 answers a Date; a string is parsed, as `new Date` did). */
function msOf(value: Date | string): number {
  return value instanceof Date ? value.getTime() : new Date(value).getTime();
}

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** 0001-01-01 and 9999-12-31 as epoch milliseconds: the years toISOString writes with four digits and no sign. */
const FOUR_DIGIT_YEARS = [-62135596800000, 253402300799999] as const;

/**
 * `new Date(ms).toISOString()`, computed: the page formats up to three times per task, and Date's own formatting
 * (about 0.6 µs a call) was the largest part of the inbox's own CPU after the driver's. Civil date from the day
 * number as in H. Hinnant's `civil_from_days`; years outside 1–9999 go to toISOString (its sign and six digits).
 */
export function isoUtc(ms: number): string {
  if (!(ms >= FOUR_DIGIT_YEARS[0] && ms <= FOUR_DIGIT_YEARS[1])) {
    return new Date(ms).toISOString();
  }
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${TWO[month]}-${TWO[day]}T${TWO[hours]}:${TWO[minutes]}:${TWO[seconds]}.${THREE[millis]}Z`;
}

/** Keyset cursor: base64url of `<due ms>.<id>`. */
export function encodeCursor(dueAt: Date, id: number): string {
  return Buffer.from(`${dueAt.getTime()}.${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { dueAt: Date; id: number } {
  const m = /^(\d{1,15})\.(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) {
    throw TaskErrors.badCursor();
  }
  return { dueAt: new Date(Number(m[1])), id: Number(m[2]) };
}
