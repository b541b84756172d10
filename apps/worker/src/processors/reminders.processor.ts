import { Injectable } from '@nestjs/common';
import { JobHandler, type JobPayloads } from '@lib/workflow';
import { MailSender } from '../mail/mail-sender.service';
import { ReminderService, type ComputeOutcome } from '@lib/reminders';

/** Thin: slot arithmetic, planning and the exactly-once bookkeeping live in ../reminders and ../mail. */
@Injectable()
export class RemindersProcessor {
  constructor(
    private readonly reminders: ReminderService,
    private readonly mail: MailSender,
  ) {}

  @JobHandler('reminders.tick')
  async tick(): Promise<{ slots: number; mail: number }> {
    const slots = await this.reminders.tick();
    const stuck = await this.mail.stuck();
    await this.reminders.enqueueMail(stuck);
    return { slots, mail: stuck.length };
  }

  @JobHandler('reminders.clarificationRequested')
  async clarificationRequested(
    data: JobPayloads['reminders.clarificationRequested'],
  ): Promise<{ notified: number; mailed: number }> {
    return this.reminders.notifyClarification(data.taskId, data.round);
  }

  @JobHandler('reminders.compute')
  async compute(data: JobPayloads['reminders.compute']): Promise<Omit<ComputeOutcome, 'messageIds'>> {
    const { messageIds: _ids, ...outcome } = await this.reminders.compute(data.campaignId, data.slotAt);
    return outcome;
  }
}
