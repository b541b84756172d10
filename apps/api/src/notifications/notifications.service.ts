import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG, DATA_SOURCE } from '@lib/database';
import { loadMailParser, notFound } from '@lib/common';
import type { DataSource } from 'typeorm';
import {
  DEFAULT_REMINDER_POLICY,
  MailStatusService,
  ReminderService,
  parsePolicy,
  type MailStatus,
} from '@lib/reminders';
import type { SessionUser } from '../common/session-user';
import { campaignExists } from '../campaigns/campaign.queries';
import { MailErrors } from './mail.errors';
import {
  findMail,
  findReminderPolicy,
  listMail,
  listNotifications,
  listReminderLog,
  markNotificationRead,
  notificationExists,
  requeueFailedMail,
  requeueFailedMailOf,
  upsertReminderPolicy,
  type MailRow,
} from './notifications.queries';
import type {
  DevMailView,
  MailMessageDetailView,
  MailMessageView,
  NotificationView,
  ResendFailedView,
  ReminderLogView,
  ReminderPolicyDto,
  ReminderPreviewView,
} from './dto/notifications.dto';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const mailView = (r: MailRow): MailMessageView => ({
  id: Number(r.id),
  campaignId: r.campaign_id === null ? null : Number(r.campaign_id),
  recipientUserId: r.recipient_user_id === null ? null : Number(r.recipient_user_id),
  toAddress: r.to_address,
  subject: r.subject,
  messageId: r.message_id,
  status: r.status,
  attempts: Number(r.attempts),
  lastError: r.last_error,
  sentAt: iso(r.sent_at),
  createdAt: iso(r.created_at)!,
  runId: r.run_id === null ? null : Number(r.run_id),
  slotDay: r.slot_day,
});

/** In-app notifications, the reminder log, the dead-letter view, resend, policy and preview. */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Mail');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reminders: ReminderService,
    private readonly mailStatus: MailStatusService,
  ) {}

  async mine(user: SessionUser, unreadOnly = false): Promise<NotificationView[]> {
    const list = await listNotifications(this.ds.manager, user.id, unreadOnly);
    return list.map((n) => ({
      id: Number(n.id),
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      campaignId: n.campaign_id === null ? null : Number(n.campaign_id),
      createdAt: iso(n.created_at)!,
      readAt: iso(n.read_at),
    }));
  }

  async markRead(user: SessionUser, id: number): Promise<void> {
    if (!(await markNotificationRead(this.ds.manager, id, user.id))) {
      if (!(await notificationExists(this.ds.manager, id, user.id))) {
        throw notFound('notification');
      }
    }
  }

  /** 404 unless the campaign belongs to the admin's authority (authorisation is in the query). */
  private async campaignOf(user: SessionUser, campaignId: number): Promise<void> {
    if (!(await campaignExists(this.ds.manager, campaignId, user.authorityId))) {
      throw notFound('campaign');
    }
  }

  async log(user: SessionUser, campaignId: number, recipientId?: number, limit = 200): Promise<ReminderLogView[]> {
    await this.campaignOf(user, campaignId);
    const list = await listReminderLog(this.ds.manager, campaignId, recipientId, limit);
    return list.map((r) => ({
      id: Number(r.id),
      recipientUserId: Number(r.recipient_user_id),
      recipientName: r.full_name,
      recipientEmail: r.email,
      kind: r.kind,
      deadlineKey: r.deadline_key,
      localDay: r.local_day,
      subjectType: r.subject_type,
      subjectId: Number(r.subject_id),
      dueAt: iso(r.due_at)!,
      reason: r.reason,
      mailMessageId: r.mail_message_id === null ? null : Number(r.mail_message_id),
      mailStatus: r.mail_status,
      createdAt: iso(r.created_at)!,
    }));
  }

  /**
   * Mail of the admin's authority: of its campaigns, or — without a campaign — addressed to one of its users.
   * `failed` = dead letters.
   */
  async mail(user: SessionUser, status?: string, campaignId?: number, limit = 200): Promise<MailMessageView[]> {
    const list = await listMail(this.ds.manager, user.authorityId, { status, campaignId }, limit);
    return list.map(mailView);
  }

  async mailDetail(user: SessionUser, id: number): Promise<MailMessageDetailView> {
    const r = await this.mailRow(user, id);
    return { ...mailView(r), textBody: r.text_body ?? '', htmlBody: r.html_body ?? '', ics: r.ics ?? null };
  }

  /** One message of the admin's authority, or 404. */
  private async mailRow(user: SessionUser, id: number): Promise<MailRow> {
    const r = await findMail(this.ds.manager, id, user.authorityId);
    if (!r) {
      throw notFound('mail message');
    }
    return r;
  }

  /**
   * Put a failed message back in the queue (same Message-ID, a fresh retry window); refused for any other status.
   * The row's `pending` is the effect: once it is written the answer is success, even if Redis cannot take the
   * job now — the reminder tick re-enqueues pending mail (MailSender.stuck) when Redis is back.
   */
  async resend(user: SessionUser, id: number): Promise<MailMessageView> {
    await this.mailRow(user, id);
    // The row is due at once (next_attempt_at = now, see requeueFailedMail): the stuck-mail sweep leaves it to
    // the job enqueued below.
    if (!(await requeueFailedMail(this.ds.manager, id))) {
      throw MailErrors.notFailed();
    }
    const row = await this.mailRow(user, id);
    await this.wake([{ id, attempts: Number(row.attempts) }]);
    return mailView(row);
  }

  /** Every failed message of a campaign, or of one of its reminder slots (`runId`), back in the queue at once. */
  async resendFailed(user: SessionUser, campaignId: number, runId?: number): Promise<ResendFailedView> {
    await this.campaignOf(user, campaignId);
    const failed = await this.ds.transaction((em) => requeueFailedMailOf(em, campaignId, runId));
    await this.wake(failed.map((m) => ({ id: Number(m.id), attempts: Number(m.attempts) })));
    return { resent: failed.length };
  }

  /** Best effort: the committed `pending` rows are the promise; the jobs only make them go now. */
  private async wake(messages: Array<{ id: number; attempts: number }>): Promise<void> {
    try {
      await this.reminders.enqueueMail(messages.map((m) => ({ ...m, tag: 'r' })));
    } catch (error) {
      this.logger.warn(
        `${messages.length} resent mail(s) wait for Redis; the reminder tick sends them when it is back: ` +
          `${(error as Error).message}`,
      );
    }
  }

  /** SMTP state, queue depth and the authority's message counts (for the mail log). */
  status(user: SessionUser): Promise<MailStatus> {
    return this.mailStatus.status(user.authorityId);
  }

  async policy(user: SessionUser, campaignId: number): Promise<ReminderPolicyDto> {
    await this.campaignOf(user, campaignId);
    const row = await findReminderPolicy(this.ds.manager, campaignId);
    return row ? parsePolicy(row) : { ...DEFAULT_REMINDER_POLICY };
  }

  async setPolicy(user: SessionUser, campaignId: number, dto: ReminderPolicyDto): Promise<ReminderPolicyDto> {
    await this.campaignOf(user, campaignId);
    await upsertReminderPolicy(this.ds.manager, campaignId, dto);
    return this.policy(user, campaignId);
  }

  async preview(user: SessionUser, campaignId: number): Promise<ReminderPreviewView> {
    await this.campaignOf(user, campaignId);
    const result = await this.reminders.preview(campaignId);
    if (!result) {
      throw notFound('campaign');
    }
    return {
      slotAt: result.slot.at.toISOString(),
      localDay: result.slot.localDay,
      policy: result.policy,
      recipients: new Set(result.reminders.map((r) => r.userId)).size,
      reminders: result.reminders.map((r) => ({
        userId: r.userId,
        fullName: r.fullName,
        email: r.email,
        kind: r.kind,
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        dueAt: r.dueAt.toISOString(),
        title: r.title,
        reason: r.reason,
        link: r.link,
      })),
    };
  }

  /** What the development SMTP sink received (newest first); empty when it has received nothing. */
  async devMailbox(limit = 50): Promise<DevMailView[]> {
    const dir = this.config.mail.devMailDir;
    let files: string[];
    try {
      files = (await readdir(dir))
        .filter((f) => f.endsWith('.eml'))
        .sort()
        .reverse()
        .slice(0, limit);
    } catch {
      return [];
    }
    return Promise.all(
      files.map(async (file) => {
        const mail = await (await loadMailParser()).simpleParser(await readFile(join(dir, file)));
        const to = mail.headers.get('x-dev-sink-to');
        return {
          file,
          to: typeof to === 'string' ? to : mail.to && !Array.isArray(mail.to) ? mail.to.text : '',
          subject: mail.subject ?? '',
          messageId: mail.messageId ?? '',
          date: (mail.date ?? new Date(0)).toISOString(),
          text: mail.text ?? '',
          attachments: mail.attachments.map((a) => a.filename ?? a.contentType),
        };
      }),
    );
  }
}
