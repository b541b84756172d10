import { Injectable } from '@nestjs/common';
import { JobHandler, type JobPayloads } from '@lib/workflow';
import type { Job } from 'bullmq';
import { MailSender, type BatchOutcome, type SendOutcome } from '../mail/mail-sender.service';

/** Thin: claim, SMTP and the `sent` commit live in MailSender. */
@Injectable()
export class MailProcessor {
  constructor(private readonly sender: MailSender) {}

  @JobHandler('mail.send')
  async send(data: JobPayloads['mail.send'], job: Job): Promise<SendOutcome> {
    return this.sender.send(data.messageId, job);
  }

  @JobHandler('mail.sendBatch')
  async sendBatch(data: JobPayloads['mail.sendBatch']): Promise<BatchOutcome> {
    return this.sender.sendBatch(data.messageIds);
  }

  @JobHandler('mail.retry')
  async retry(data: JobPayloads['mail.retry'], job: Job): Promise<SendOutcome> {
    return this.sender.send(data.messageId, job);
  }
}
