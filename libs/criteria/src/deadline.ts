/**
 * How a deadline reads, everywhere (issue 17: tasks said "Hạn 25/12" while the campaign said the last day was
 * 24/12). A deadline is stored as an exclusive instant ("trước ngày 25/12" = 00:00 on 25/12 local time); people
 * read the last day it still accepts work (the instant − 1 ms, in the campaign's time zone) and the instant it
 * locks. The web app shows the same two parts (apps/web/src/lib/format.ts formatDeadline / formatLocksAt).
 */
import { DateTime } from 'luxon';
import { lastDayShown } from './phase-order';

export interface DeadlineText {
  /** dd/MM/yyyy: the last day that still accepts work. */
  lastDay: string;
  /** HH:mm ngày dd/MM/yyyy: the instant the window locks. */
  locksAt: string;
  /** "hết ngày 24/12/2026 (khóa lúc 00:00 ngày 25/12/2026)", or "17:00 ngày 24/12/2026" off midnight. */
  vi: string;
  /** "end of 24/12/2026 (locks at 00:00 on 25/12/2026)" */
  en: string;
}

export function deadlineText(dueAt: Date, timeZone: string): DeadlineText {
  const lastDay = lastDayShown(dueAt, timeZone);
  const lock = DateTime.fromJSDate(dueAt, { zone: timeZone });
  const lockDay = lock.toFormat('dd/MM/yyyy');
  const time = lock.toFormat('HH:mm');
  // An instant at local midnight closes the day before ("trước ngày 25/12"); any other closes that day at its time.
  const midnight = time === '00:00';
  return {
    lastDay,
    locksAt: `${time} ngày ${lockDay}`,
    vi: midnight ? `hết ngày ${lastDay} (khóa lúc 00:00 ngày ${lockDay})` : `${time} ngày ${lockDay}`,
    en: midnight ? `end of ${lastDay} (locks at 00:00 on ${lockDay})` : `${time} on ${lockDay}`,
  };
}
