/** Every refusal of the mail log's actions (resend), in one place, in Vietnamese and English. */
import { AppError } from '@lib/common';

export const MailErrors = {
  notFailed: () =>
    new AppError(
      'conflict',
      'MAIL_NOT_FAILED',
      'Chỉ gửi lại được thư đã thất bại; thư này đang chờ gửi hoặc đã gửi xong.',
      'Only a failed message can be sent again; this one is waiting to be sent or already sent.',
    ),
};
