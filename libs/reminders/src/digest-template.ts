import { viDate, viDeadline, type Slot } from './policy';
import type { PlannedReminder } from './reminder-planner';

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
  ics: string;
  /** Short form for the in-app notification. */
  notificationTitle: string;
  notificationBody: string;
}

/** The digest's headline: escalations first, then overdue work, then what is coming up. */
export function digestSubject(items: Pick<PlannedReminder, 'kind'>[], localDate: string): string {
  const n = items.length;
  const day = viDate(new Date(`${localDate}T12:00:00Z`), 'UTC');
  if (items.some((i) => i.kind === 'escalation')) {
    return `[Chỉ số CCHC] Báo cáo quá hạn: ${n} việc cần đôn đốc — ${day}`;
  }
  if (items.some((i) => i.kind === 'overdue')) {
    return `[Chỉ số CCHC] Quá hạn: ${n} việc cần xử lý — ${day}`;
  }
  return `[Chỉ số CCHC] Nhắc việc: ${n} việc sắp đến hạn — ${day}`;
}

export const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const icsText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');

const icsTime = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** RFC 5545 line folding: at most 75 octets per line, continuation lines start with a space. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** One VEVENT per deadline (UID from the deadline key, so calendars update rather than duplicate). */
export function digestIcs(items: PlannedReminder[], stamp: Date, timeZone: string): string {
  const seen = new Set<string>();
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//par-index//Chi so CCHC//VI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  for (const item of items) {
    if (seen.has(item.deadlineKey)) {
      continue;
    }
    seen.add(item.deadlineKey);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${item.deadlineKey}@par-index`,
      `DTSTAMP:${icsTime(stamp)}`,
      `DTSTART:${icsTime(item.dueAt)}`,
      `DTEND:${icsTime(item.dueAt)}`,
      `SUMMARY:${icsText(`Hạn: ${item.title}`)}`,
      `DESCRIPTION:${icsText(`Hạn ${viDeadline(item.dueAt, timeZone)}. ${item.link}`)}`,
      `URL:${item.link}`,
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${icsText(item.title)}`,
      'TRIGGER:-P1D',
      'END:VALARM',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** The Vietnamese digest of one recipient for one slot: everything they must do, with links and deadlines. */
export function renderDigest(
  recipient: { fullName: string },
  items: PlannedReminder[],
  slot: Slot,
  campaignName: string,
  timeZone: string,
): RenderedDigest {
  const subject = digestSubject(items, slot.localDate);
  const label = (kind: string) =>
    kind === 'escalation' ? 'Báo cáo quá hạn' : kind === 'overdue' ? 'Quá hạn' : 'Sắp đến hạn';
  const textItems = items
    .map(
      (item, i) =>
        `${i + 1}. [${label(item.kind)}] ${item.title}\n` +
        `   Hạn: ${viDeadline(item.dueAt, timeZone)}\n` +
        `   Lý do: ${item.reason}\n` +
        `   Xem và xử lý: ${item.link}`,
    )
    .join('\n\n');
  const text =
    `Kính gửi ${recipient.fullName},\n\n` +
    `Hệ thống Chỉ số CCHC (${campaignName}) nhắc anh/chị các việc sau, tính đến ngày ${viDate(slot.at, timeZone)}:\n\n` +
    `${textItems}\n\n` +
    `Lịch hạn chót được đính kèm (tệp .ics) để thêm vào lịch làm việc.\n` +
    `Thư này được gửi tự động; anh/chị không cần trả lời.\n`;
  const htmlItems = items
    .map(
      (item) =>
        `<li><strong>[${label(item.kind)}]</strong> ${escapeHtml(item.title)}<br>` +
        `Hạn: <strong>${escapeHtml(viDeadline(item.dueAt, timeZone))}</strong><br>` +
        `Lý do: ${escapeHtml(item.reason)}<br>` +
        `<a href="${escapeHtml(item.link)}">Xem và xử lý</a></li>`,
    )
    .join('\n');
  const html =
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family: Arial, sans-serif; font-size: 14px">` +
    `<p>Kính gửi ${escapeHtml(recipient.fullName)},</p>` +
    `<p>Hệ thống Chỉ số CCHC (${escapeHtml(campaignName)}) nhắc anh/chị các việc sau, tính đến ngày ${viDate(slot.at, timeZone)}:</p>` +
    `<ol>\n${htmlItems}\n</ol>` +
    `<p>Lịch hạn chót được đính kèm (tệp .ics).</p>` +
    `<p style="color:#666">Thư này được gửi tự động; anh/chị không cần trả lời.</p></body></html>`;
  return {
    subject,
    text,
    html,
    ics: digestIcs(items, slot.at, timeZone),
    notificationTitle: subject.replace(/^\[Chỉ số CCHC\] /, ''),
    notificationBody: items
      .map((i) => `${label(i.kind)}: ${i.title} (hạn ${viDeadline(i.dueAt, timeZone)})`)
      .join('\n'),
  };
}
