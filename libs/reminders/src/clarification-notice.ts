/**
 * What a unit is told when an appraiser asks for a clarification (giải trình): a notification title/body and a
 * mail (text + HTML) naming the criteria, the request, the due date and the link that opens the request.
 * Pure: the reminder service loads and writes.
 */
import { escapeHtml } from './digest-template';
import { viDeadline } from './policy';

export interface ClarificationNotice {
  unitName: string;
  campaignName: string;
  appraiser: string | null;
  criteria: { code: string; title: string }[];
  request: string;
  dueAt: Date;
  timeZone: string;
  link: string;
}

export function renderClarificationNotice(
  recipient: { fullName: string },
  n: ClarificationNotice,
): { subject: string; title: string; body: string; text: string; html: string } {
  const codes = n.criteria.map((c) => c.code).join(', ');
  const due = viDeadline(n.dueAt, n.timeZone);
  const who = n.appraiser ? `${n.appraiser} ` : 'Cơ quan thẩm định ';
  const subject = `[Chỉ số CCHC] Yêu cầu giải trình tiêu chí ${codes} — hạn ${due}`;
  const title = `Yêu cầu giải trình tiêu chí ${codes}`;
  const body = `${who}đề nghị ${n.unitName} giải trình: ${n.request} Hạn trả lời: ${due}.`;
  const list = n.criteria.map((c) => `- ${c.code} ${c.title}`).join('\n');
  const text =
    `Kính gửi ${recipient.fullName},\n\n` +
    `${who}đề nghị ${n.unitName} giải trình trong đợt đánh giá ${n.campaignName} về các tiêu chí:\n${list}\n\n` +
    `Nội dung yêu cầu: ${n.request}\n` +
    `Hạn trả lời: ${due}\n\n` +
    `Mở yêu cầu để trả lời và tải tài liệu bổ sung: ${n.link}\n\n` +
    `Thư này được gửi tự động; anh/chị không cần trả lời thư.\n`;
  const html =
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family: Arial, sans-serif; font-size: 14px">` +
    `<p>Kính gửi ${escapeHtml(recipient.fullName)},</p>` +
    `<p>${escapeHtml(who)}đề nghị ${escapeHtml(n.unitName)} giải trình trong đợt đánh giá ${escapeHtml(n.campaignName)} về các tiêu chí:</p>` +
    `<ul>${n.criteria.map((c) => `<li><strong>${escapeHtml(c.code)}</strong> ${escapeHtml(c.title)}</li>`).join('')}</ul>` +
    `<p>Nội dung yêu cầu: ${escapeHtml(n.request)}</p>` +
    `<p>Hạn trả lời: <strong>${escapeHtml(due)}</strong></p>` +
    `<p><a href="${escapeHtml(n.link)}">Mở yêu cầu giải trình</a></p>` +
    `<p style="color:#666">Thư này được gửi tự động; anh/chị không cần trả lời thư.</p></body></html>`;
  return { subject, title, body, text, html };
}
