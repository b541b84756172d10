import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG, DATA_SOURCE, rows, write } from '@lib/database';
import { notFound } from '@lib/common';
import { simpleParser } from 'mailparser';
import type { DataSource } from 'typeorm';
import {
  DEFAULT_REMINDER_POLICY,
  MailStatusService,
  ReminderService,
  parsePolicy,
  type MailStatus,
} from '@lib/reminders';
import type { SessionUser } from '../common/session-user';
import { MailErrors } from './mail.errors';
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

interface MailRow {
  id: number;
  campaign_id: number | null;
  recipient_user_id: number | null;
  to_address: string;
  subject: string;
  message_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Date;
  run_id: number | null;
  slot_day: string | null;
  text_body?: string;
  html_body?: string;
  ics?: string | null;
}

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

/** Mail joined to what scopes it to an authority: its campaign, or its recipient's organisation. */
const MAIL_FROM = `mail_messages m LEFT JOIN campaigns c ON c.id = m.campaign_id
  LEFT JOIN users ru ON ru.id = m.recipient_user_id LEFT JOIN organisations ro ON ro.id = ru.organisation_id
  LEFT JOIN reminder_runs rr ON rr.id = m.run_id`;
/** Two parameters: the authority id, twice. */
const MAIL_OF_AUTHORITY = '(c.authority_id = ? OR (m.campaign_id IS NULL AND ro.authority_id = ?))';

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
    const list = await rows<{
      id: number;
      kind: string;
      title: string;
      body: string;
      link: string | null;
      campaign_id: number | null;
      created_at: Date;
      read_at: Date | null;
    }>(
      this.ds.manager,
      `SELECT id, kind, title, body, link, campaign_id, created_at, read_at FROM notifications
        WHERE user_id = ? ${unreadOnly ? 'AND read_at IS NULL' : ''} ORDER BY id DESC LIMIT 100`,
      [user.id],
    );
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
    const result = await write(
      this.ds.manager,
      'UPDATE notifications SET read_at = COALESCE(read_at, UTC_TIMESTAMP(6)) WHERE id = ? AND user_id = ?',
      [id, user.id],
    );
    if (result.affectedRows === 0) {
      const [mine] = await rows(this.ds.manager, 'SELECT id FROM notifications WHERE id = ? AND user_id = ?', [
        id,
        user.id,
      ]);
      if (!mine) {
        throw notFound('notification');
      }
    }
  }

  /** 404 unless the campaign belongs to the admin's authority (authorisation is in the query). */
  private async campaignOf(user: SessionUser, campaignId: number): Promise<void> {
    const [c] = await rows(this.ds.manager, 'SELECT id FROM campaigns WHERE id = ? AND authority_id = ?', [
      campaignId,
      user.authorityId,
    ]);
    if (!c) {
      throw notFound('campaign');
    }
  }

  async log(user: SessionUser, campaignId: number, recipientId?: number, limit = 200): Promise<ReminderLogView[]> {
    await this.campaignOf(user, campaignId);
    const list = await rows<{
      id: number;
      recipient_user_id: number;
      full_name: string;
      email: string | null;
      kind: string;
      deadline_key: string;
      local_day: string;
      subject_type: string;
      subject_id: number;
      due_at: Date;
      reason: string;
      mail_message_id: number | null;
      mail_status: string | null;
      created_at: Date;
    }>(
      this.ds.manager,
      `SELECT r.*, u.full_name, u.email, m.status AS mail_status
         FROM reminders r JOIN users u ON u.id = r.recipient_user_id
         LEFT JOIN mail_messages m ON m.id = r.mail_message_id
        WHERE r.campaign_id = ? ${recipientId ? 'AND r.recipient_user_id = ?' : ''}
        ORDER BY r.id DESC LIMIT ?`,
      recipientId ? [campaignId, recipientId, limit] : [campaignId, limit],
    );
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
    const where = [MAIL_OF_AUTHORITY];
    const params: unknown[] = [user.authorityId, user.authorityId];
    if (status) {
      where.push('m.status = ?');
      params.push(status);
    }
    if (campaignId) {
      where.push('m.campaign_id = ?');
      params.push(campaignId);
    }
    const list = await rows<MailRow>(
      this.ds.manager,
      `SELECT m.id, m.campaign_id, m.recipient_user_id, m.to_address, m.subject, m.message_id, m.status, m.attempts,
              m.last_error, m.sent_at, m.created_at, m.run_id, rr.local_day AS slot_day
         FROM ${MAIL_FROM} WHERE ${where.join(' AND ')} ORDER BY m.id DESC LIMIT ?`,
      [...params, limit],
    );
    return list.map(mailView);
  }

  async mailDetail(user: SessionUser, id: number): Promise<MailMessageDetailView> {
    const r = await this.mailRow(user, id);
    return { ...mailView(r), textBody: r.text_body ?? '', htmlBody: r.html_body ?? '', ics: r.ics ?? null };
  }

  /** One message of the admin's authority, or 404. */
  private async mailRow(user: SessionUser, id: number): Promise<MailRow> {
    const [r] = await rows<MailRow>(
      this.ds.manager,
      `SELECT m.*, rr.local_day AS slot_day FROM ${MAIL_FROM} WHERE m.id = ? AND ${MAIL_OF_AUTHORITY}`,
      [id, user.authorityId, user.authorityId],
    );
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
    // next_attempt_at = now: the row is due at once, and the worker's stuck-mail sweep (pending past its retry time
    // plus the lease) leaves it to the job enqueued below instead of racing it.
    const result = await write(
      this.ds.manager,
      `UPDATE mail_messages SET status = 'pending', next_attempt_at = UTC_TIMESTAMP(6), retry_until = NULL
        WHERE id = ? AND status = 'failed'`,
      [id],
    );
    if (result.affectedRows !== 1) {
      throw MailErrors.notFailed();
    }
    const row = await this.mailRow(user, id);
    await this.wake([{ id, attempts: Number(row.attempts) }]);
    return mailView(row);
  }

  /** Every failed message of a campaign, or of one of its reminder slots (`runId`), back in the queue at once. */
  async resendFailed(user: SessionUser, campaignId: number, runId?: number): Promise<ResendFailedView> {
    await this.campaignOf(user, campaignId);
    const failed = await this.ds.transaction(async (em) => {
      const list = await rows<{ id: number; attempts: number }>(
        em,
        `SELECT id, attempts FROM mail_messages WHERE campaign_id = ? AND status = 'failed' ${runId ? 'AND run_id = ?' : ''}
          ORDER BY id FOR UPDATE`,
        runId ? [campaignId, runId] : [campaignId],
      );
      if (list.length > 0) {
        await write(
          em,
          `UPDATE mail_messages SET status = 'pending', next_attempt_at = UTC_TIMESTAMP(6), retry_until = NULL
            WHERE id IN (${list.map(() => '?').join(', ')}) AND status = 'failed'`,
          list.map((m) => m.id),
        );
      }
      return list;
    });
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
    const [row] = await rows<Parameters<typeof parsePolicy>[0]>(
      this.ds.manager,
      'SELECT * FROM reminder_policies WHERE campaign_id = ?',
      [campaignId],
    );
    return row ? parsePolicy(row) : { ...DEFAULT_REMINDER_POLICY };
  }

  async setPolicy(user: SessionUser, campaignId: number, dto: ReminderPolicyDto): Promise<ReminderPolicyDto> {
    await this.campaignOf(user, campaignId);
    await write(
      this.ds.manager,
      `INSERT INTO reminder_policies (campaign_id, enabled, offsets_seconds, send_time, period_seconds, working_days_only, holidays, escalate_after_seconds)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE enabled = VALUES(enabled), offsets_seconds = VALUES(offsets_seconds), send_time = VALUES(send_time),
         period_seconds = VALUES(period_seconds), working_days_only = VALUES(working_days_only), holidays = VALUES(holidays),
         escalate_after_seconds = VALUES(escalate_after_seconds)`,
      [
        campaignId,
        dto.enabled,
        JSON.stringify([...new Set(dto.offsetsSeconds)].sort((a, b) => b - a)),
        dto.sendTime,
        dto.periodSeconds,
        dto.workingDaysOnly,
        JSON.stringify(dto.holidays),
        dto.escalateAfterSeconds ?? null,
      ],
    );
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
        const mail = await simpleParser(await readFile(join(dir, file)));
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
