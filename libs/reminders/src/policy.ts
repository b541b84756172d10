/**
 * Reminder policy arithmetic — pure: sending slots in the campaign's time zone, working days, which kind of
 * reminder an open item gets at a slot, and Vietnamese date formatting. No I/O, so it is unit-tested alone.
 */
import { deadlineText } from '@lib/criteria';

const DAY_S = 86_400;

export interface ReminderPolicy {
  enabled: boolean;
  /** Seconds before the deadline (default 7, 3 and 1 days). */
  offsetsSeconds: number[];
  /** Local sending time, `HH:mm` or `HH:mm:ss`. */
  sendTime: string;
  /** Distance between slots in seconds (86400 = daily). Overdue reminders repeat at every slot. */
  periodSeconds: number;
  workingDaysOnly: boolean;
  /** Local dates `yyyy-MM-dd` on which nothing is sent. */
  holidays: string[];
  /** Escalate to supervisors this long after the deadline (once per deadline); null = never. */
  escalateAfterSeconds: number | null;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  enabled: true,
  offsetsSeconds: [7 * DAY_S, 3 * DAY_S, 1 * DAY_S],
  sendTime: '08:00',
  periodSeconds: DAY_S,
  workingDaysOnly: true,
  holidays: [],
  escalateAfterSeconds: 3 * DAY_S,
};

/**
 * One formatter per time zone: building an Intl.DateTimeFormat costs about 200 µs, formatting with one about 15;
 * a slot of 10,000 digests asks for offsets tens of thousands of times.
 */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** UTC offset of `timeZone` at `at`, in milliseconds (Asia/Ho_Chi_Minh: +7 h, no DST). */
export function zoneOffsetMs(timeZone: string, at: Date): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) {
    return 0;
  }
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60) * 1000;
}

function sendTimeMs(sendTime: string): number {
  const [h = '0', mi = '0', s = '0'] = sendTime.split(':');
  return ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `yyyy-MM-dd` of a "local epoch" instant (local wall time expressed as if it were UTC). */
function isoDay(localMs: number): string {
  const d = new Date(localMs);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export interface Slot {
  /** The slot instant (UTC). */
  at: Date;
  /** Local date `yyyy-MM-dd` (daily policies), or local `yyyy-MM-ddTHH:mm:ss` for sub-day test policies. */
  localDay: string;
  /** Local date `yyyy-MM-dd`, always. */
  localDate: string;
  /** Why nothing is sent at this slot, or null. */
  skipped: 'weekend' | 'holiday' | 'disabled' | null;
}

function slotFromLocal(localMs: number, offsetMs: number, policy: ReminderPolicy): Slot {
  const localDate = isoDay(localMs);
  const d = new Date(localMs);
  const localDay =
    policy.periodSeconds >= DAY_S
      ? localDate
      : `${localDate}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const weekday = d.getUTCDay();
  const skipped = !policy.enabled
    ? 'disabled'
    : policy.workingDaysOnly && (weekday === 0 || weekday === 6)
      ? 'weekend'
      : policy.holidays.includes(localDate)
        ? 'holiday'
        : null;
  return { at: new Date(localMs - offsetMs), localDay, localDate, skipped };
}

/** The latest sending slot at or before `now`. */
export function latestSlot(policy: ReminderPolicy, timeZone: string, now: Date): Slot {
  const offset = zoneOffsetMs(timeZone, now);
  const period = policy.periodSeconds * 1000;
  const send = sendTimeMs(policy.sendTime) % period;
  const local = now.getTime() + offset;
  const slotLocal = Math.floor((local - send) / period) * period + send;
  return slotFromLocal(slotLocal, offset, policy);
}

/** The first slot after `now` on which reminders are sent (skipping weekends and holidays; at most a year ahead). */
export function nextSendingSlot(policy: ReminderPolicy, timeZone: string, now: Date): Slot {
  const offset = zoneOffsetMs(timeZone, now);
  const period = policy.periodSeconds * 1000;
  let slot = latestSlot(policy, timeZone, now);
  for (let i = 0; i < 400; i++) {
    slot = slotFromLocal(slot.at.getTime() + offset + period, offset, policy);
    if (!slot.skipped) {
      return slot;
    }
  }
  return slot;
}

/** The slot that `at` names (the instant of a slot computed earlier), for a compute job. */
export function slotAt(policy: ReminderPolicy, timeZone: string, at: Date): Slot {
  return slotFromLocal(at.getTime() + zoneOffsetMs(timeZone, at), zoneOffsetMs(timeZone, at), policy);
}

export type ReminderKind = `before-${string}` | 'overdue' | 'escalation';

/** `before-7d` for whole days, `before-90s` otherwise. */
export function beforeKind(offsetSeconds: number): ReminderKind {
  return offsetSeconds % DAY_S === 0 ? `before-${offsetSeconds / DAY_S}d` : `before-${offsetSeconds}s`;
}

/**
 * What an open item gets at a slot:
 * - before the deadline: the tightest offset already reached (`before-3d` once 3 days remain), once per
 *   deadline — a missed slot (weekend, worker down) is caught up at the next one instead of sending stale ones;
 * - after it: `overdue` at every sending slot, and `escalation` (to supervisors) once, `escalateAfterSeconds` later.
 */
export function kindsAt(
  policy: ReminderPolicy,
  slot: Date,
  dueAt: Date,
): { owner: ReminderKind | null; escalate: boolean } {
  const remaining = (dueAt.getTime() - slot.getTime()) / 1000;
  if (remaining > 0) {
    const reached = policy.offsetsSeconds.filter((o) => remaining <= o);
    return { owner: reached.length > 0 ? beforeKind(Math.min(...reached)) : null, escalate: false };
  }
  const late = -remaining;
  return {
    owner: 'overdue',
    escalate: policy.escalateAfterSeconds !== null && late >= policy.escalateAfterSeconds,
  };
}

/** Kinds sent at most once per deadline (the others repeat per slot). */
export function isOncePerDeadline(kind: string): boolean {
  return kind !== 'overdue';
}

/** `dd/MM/yyyy` in the time zone. */
export function viDate(at: Date, timeZone: string): string {
  const local = new Date(at.getTime() + zoneOffsetMs(timeZone, at));
  return `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

/** A deadline as every screen and mail shows it: the last day and the instant it locks (@lib/criteria deadlineText). */
export function viDeadline(at: Date, timeZone: string): string {
  return deadlineText(at, timeZone).vi;
}

/** Vietnamese description of a remaining (or late) duration. */
export function viDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s >= DAY_S) {
    return `${Math.round(s / DAY_S)} ngày`;
  }
  if (s >= 3600) {
    return `${Math.round(s / 3600)} giờ`;
  }
  if (s >= 60) {
    return `${Math.round(s / 60)} phút`;
  }
  return `${s} giây`;
}

export function parsePolicy(row: {
  enabled: boolean | number;
  offsets_seconds: string;
  send_time: string;
  period_seconds: number;
  working_days_only: boolean | number;
  holidays: string;
  escalate_after_seconds: number | null;
}): ReminderPolicy {
  return {
    enabled: Boolean(Number(row.enabled)),
    offsetsSeconds: (JSON.parse(row.offsets_seconds) as number[]).map(Number),
    sendTime: row.send_time,
    periodSeconds: Number(row.period_seconds),
    workingDaysOnly: Boolean(Number(row.working_days_only)),
    holidays: JSON.parse(row.holidays) as string[],
    escalateAfterSeconds: row.escalate_after_seconds === null ? null : Number(row.escalate_after_seconds),
  };
}
