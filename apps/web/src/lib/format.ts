/**
 * Vietnamese formats: dates dd/MM/yyyy in Asia/Ho_Chi_Minh (UTC+7, no DST), numbers with the decimal comma.
 * Intl does the work, so the browser's own time zone never leaks in.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dateFmt = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFmt = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

function toDate(value: string | number | Date | null | undefined): Date | undefined {
  if (value === null || value === undefined || value === '') {
    return undefined;
  }
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** 16/03/2024 */
export function formatDate(value: string | number | Date | null | undefined): string {
  const d = toDate(value);
  return d ? dateFmt.format(d) : '—';
}

/** 08:30 16/03/2024 — the time first, as "Kiểm tra lúc 08:30 16/03/2024" reads. */
export function formatTimeDate(value: string | number | Date | null | undefined): string {
  const d = toDate(value);
  return d ? `${timeFmt.format(d)} ${dateFmt.format(d)}` : '—';
}

/** 16/03/2024 08:30 */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  const d = toDate(value);
  return d ? `${dateFmt.format(d)} ${timeFmt.format(d)}` : '—';
}

/**
 * A deadline is exclusive ("trước ngày 16/3"): show the last day it still accepts work. Every deadline on every
 * screen goes through this (and formatLocksAt for the instant it locks); the api's mails and messages use the same
 * rule (libs/criteria/src/deadline.ts deadlineText).
 */
export function formatDeadline(value: string | null | undefined): string {
  const d = toDate(value);
  return d ? formatDate(new Date(d.getTime() - 1)) : '—';
}

/** "Khóa lúc 00:00 ngày 16/03/2024": the instant a deadline locks. */
export function formatLocksAt(value: string | null | undefined, lang: 'vi' | 'en'): string {
  const d = toDate(value);
  if (!d) {
    return '—';
  }
  return lang === 'vi'
    ? `Khóa lúc ${timeFmt.format(d)} ngày ${dateFmt.format(d)}`
    : `Locks at ${timeFmt.format(d)} on ${dateFmt.format(d)}`;
}

/**
 * One formatter per number of decimals. Building an Intl.NumberFormat costs far more than formatting with it, and a
 * sheet or a ranking table formats a few hundred numbers per render (1.7 of the browser's CPU-seconds in one whole
 * campaign's browser test went to building them).
 */
const numberFmts = new Map<number, Intl.NumberFormat>();
function numberFmt(maxDigits: number): Intl.NumberFormat {
  let fmt = numberFmts.get(maxDigits);
  if (!fmt) {
    fmt = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: maxDigits, minimumFractionDigits: 0 });
    numberFmts.set(maxDigits, fmt);
  }
  return fmt;
}

/** 95,25 — points and indexes, with the Vietnamese decimal comma. */
export function formatNumber(value: number | string | null | undefined, maxDigits = 2): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) {
    return String(value);
  }
  return numberFmt(maxDigits).format(n);
}

/** Parse what a person typed ("2,5" or "2.5") into a number; undefined when empty or not a number. */
export function parseNumber(text: string): number | undefined {
  const cleaned = text.trim().replace(/\s/g, '').replace(',', '.');
  if (cleaned === '') {
    return undefined;
  }
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : undefined;
}

/** "còn 3 ngày 4 giờ" / "3 days 4 hours left"; "đã hết hạn" when past. */
export function formatCountdown(seconds: number, lang: 'vi' | 'en'): string {
  if (seconds <= 0) {
    return lang === 'vi' ? 'đã hết hạn' : 'closed';
  }
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (lang === 'vi') {
    return days > 0 ? `còn ${days} ngày ${hours} giờ` : `còn ${hours} giờ ${minutes} phút`;
  }
  return days > 0 ? `${days} d ${hours} h left` : `${hours} h ${minutes} min left`;
}

/** "Đã khóa 12/03/2024 10:00 (kết thúc sớm)": when and how a phase or a sheet's window closed. */
export function formatClosed(
  closed: { closedAt: string | null; closedBy: 'deadline' | 'closedEarly' | 'completed' | null },
  lang: 'vi' | 'en',
): string {
  const how = {
    deadline: ['theo hạn', 'at its deadline'],
    closedEarly: ['kết thúc sớm', 'closed early'],
    completed: ['đã thông qua', 'decided'],
  }[closed.closedBy ?? 'deadline'];
  const at = formatDateTime(closed.closedAt);
  return lang === 'vi' ? `Đã khóa ${at} (${how[0]})` : `Closed ${at} (${how[1]})`;
}

/**
 * A time zone as people say it: "Giờ Việt Nam (UTC+7)" for Asia/Ho_Chi_Minh, else "UTC±h" with the IANA name only
 * as a last resort (an authority abroad is not expected, but its screens must not break).
 */
export function formatTimeZone(zone: string, lang: 'vi' | 'en'): string {
  if (zone === TIME_ZONE || zone === 'Asia/Saigon') {
    return lang === 'vi' ? 'Giờ Việt Nam (UTC+7)' : 'Vietnam time (UTC+7)';
  }
  try {
    const offset = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value;
    return offset ? offset.replace('GMT', 'UTC') : zone;
  } catch {
    return zone;
  }
}

/** Accent-insensitive text for a search box ("van phong" finds "Văn phòng"), as libs/common normaliseName. */
export function plainText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase();
}
