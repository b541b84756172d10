/**
 * The invitation mail (issue 15 item 6): a new account's first-sign-in link, in Vietnamese, with how long it works
 * and what to do once it no longer does. Pure: the invitation service stores, queues and sends it.
 */
import { escapeHtml } from './digest-template';
import { viDeadline } from './policy';

export interface InvitationMail {
  fullName: string;
  username: string;
  authorityName: string;
  link: string;
  expiresAt: Date;
  timeZone: string;
}

export function renderInvitationMail(n: InvitationMail): { subject: string; text: string; html: string } {
  const until = viDeadline(n.expiresAt, n.timeZone);
  const subject = `[Chỉ số CCHC] Lời mời sử dụng hệ thống — ${n.authorityName}`;
  const text =
    `Kính gửi ${n.fullName},\n\n` +
    `${n.authorityName} đã tạo cho anh/chị tài khoản trên hệ thống đánh giá Chỉ số cải cách hành chính.\n` +
    `Tên đăng nhập: ${n.username}\n\n` +
    `Mở liên kết sau để đặt mật khẩu và đăng nhập lần đầu (dùng được một lần, đến ${until}):\n${n.link}\n\n` +
    `Nếu liên kết đã hết hạn hoặc đã được dùng, hãy đề nghị bộ phận thường trực (văn phòng) gửi lại lời mời.\n\n` +
    `Thư này được gửi tự động; anh/chị không cần trả lời thư.\n`;
  const html =
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family: Arial, sans-serif; font-size: 14px">` +
    `<p>Kính gửi ${escapeHtml(n.fullName)},</p>` +
    `<p>${escapeHtml(n.authorityName)} đã tạo cho anh/chị tài khoản trên hệ thống đánh giá Chỉ số cải cách hành chính.</p>` +
    `<p>Tên đăng nhập: <strong>${escapeHtml(n.username)}</strong></p>` +
    `<p><a href="${escapeHtml(n.link)}">Đặt mật khẩu và đăng nhập lần đầu</a> (dùng được một lần, đến <strong>${escapeHtml(until)}</strong>)</p>` +
    `<p>Nếu liên kết đã hết hạn hoặc đã được dùng, hãy đề nghị bộ phận thường trực (văn phòng) gửi lại lời mời.</p>` +
    `<p style="color:#666">Thư này được gửi tự động; anh/chị không cần trả lời thư.</p></body></html>`;
  return { subject, text, html };
}
