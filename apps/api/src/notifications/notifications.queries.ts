/**
 * The admin mail/notification views' SQL: in-app notifications, the reminder log, mail messages (scoped to an
 * authority in the query) and reminder policies — each read with one row mapping.
 */
import { rows, write } from '@lib/database';
import type { parsePolicy } from '@lib/reminders';
import type { EntityManager } from 'typeorm';
import type { ReminderPolicyDto } from './dto/notifications.dto';

export interface NotificationRow {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  campaign_id: number | null;
  created_at: Date;
  read_at: Date | null;
}

/** The user's newest 100 notifications (only unread ones when asked). */
export function listNotifications(em: EntityManager, userId: number, unreadOnly: boolean): Promise<NotificationRow[]> {
  return rows<NotificationRow>(
    em,
    `SELECT id, kind, title, body, link, campaign_id, created_at, read_at FROM notifications
        WHERE user_id = ? ${unreadOnly ? 'AND read_at IS NULL' : ''} ORDER BY id DESC LIMIT 100`,
    [userId],
  );
}

/** Marks the user's notification read (the first read time stays); false when nothing changed. */
export async function markNotificationRead(em: EntityManager, id: number, userId: number): Promise<boolean> {
  const result = await write(
    em,
    'UPDATE notifications SET read_at = COALESCE(read_at, UTC_TIMESTAMP(6)) WHERE id = ? AND user_id = ?',
    [id, userId],
  );
  return result.affectedRows !== 0;
}

export async function notificationExists(em: EntityManager, id: number, userId: number): Promise<boolean> {
  const [mine] = await rows<{ id: number }>(em, 'SELECT id FROM notifications WHERE id = ? AND user_id = ?', [
    id,
    userId,
  ]);
  return mine !== undefined;
}

export interface ReminderLogRow {
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
}

/** A campaign's reminders (of one recipient when named), newest first, with their mail's status. */
export function listReminderLog(
  em: EntityManager,
  campaignId: number,
  recipientId: number | undefined,
  limit: number,
): Promise<ReminderLogRow[]> {
  return rows<ReminderLogRow>(
    em,
    `SELECT r.*, u.full_name, u.email, m.status AS mail_status
         FROM reminders r JOIN users u ON u.id = r.recipient_user_id
         LEFT JOIN mail_messages m ON m.id = r.mail_message_id
        WHERE r.campaign_id = ? ${recipientId ? 'AND r.recipient_user_id = ?' : ''}
        ORDER BY r.id DESC LIMIT ?`,
    recipientId ? [campaignId, recipientId, limit] : [campaignId, limit],
  );
}

export interface MailRow {
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

/** Mail joined to what scopes it to an authority: its campaign, or its recipient's organisation. */
const MAIL_FROM = `mail_messages m LEFT JOIN campaigns c ON c.id = m.campaign_id
  LEFT JOIN users ru ON ru.id = m.recipient_user_id LEFT JOIN organisations ro ON ro.id = ru.organisation_id
  LEFT JOIN reminder_runs rr ON rr.id = m.run_id`;
/** Two parameters: the authority id, twice. */
const MAIL_OF_AUTHORITY = '(c.authority_id = ? OR (m.campaign_id IS NULL AND ro.authority_id = ?))';

/**
 * Mail of the authority: of its campaigns, or — without a campaign — addressed to one of its users; optionally
 * of one status and/or campaign. Newest first.
 */
export function listMail(
  em: EntityManager,
  authorityId: number,
  filter: { status?: string; campaignId?: number },
  limit: number,
): Promise<MailRow[]> {
  const where = [MAIL_OF_AUTHORITY];
  const params: unknown[] = [authorityId, authorityId];
  if (filter.status) {
    where.push('m.status = ?');
    params.push(filter.status);
  }
  if (filter.campaignId) {
    where.push('m.campaign_id = ?');
    params.push(filter.campaignId);
  }
  return rows<MailRow>(
    em,
    `SELECT m.id, m.campaign_id, m.recipient_user_id, m.to_address, m.subject, m.message_id, m.status, m.attempts,
              m.last_error, m.sent_at, m.created_at, m.run_id, rr.local_day AS slot_day
         FROM ${MAIL_FROM} WHERE ${where.join(' AND ')} ORDER BY m.id DESC LIMIT ?`,
    [...params, limit],
  );
}

/** One message (with its bodies) of the authority, else undefined. */
export async function findMail(em: EntityManager, id: number, authorityId: number): Promise<MailRow | undefined> {
  const [r] = await rows<MailRow>(
    em,
    `SELECT m.*, rr.local_day AS slot_day FROM ${MAIL_FROM} WHERE m.id = ? AND ${MAIL_OF_AUTHORITY}`,
    [id, authorityId, authorityId],
  );
  return r;
}

/**
 * A failed message back to pending, due now, with a fresh retry window; false when it was not failed.
 * next_attempt_at = now: the row is due at once, and the worker's stuck-mail sweep (pending past its retry time
 * plus the lease) leaves it to the job the caller enqueues instead of racing it.
 */
export async function requeueFailedMail(em: EntityManager, id: number): Promise<boolean> {
  const result = await write(
    em,
    `UPDATE mail_messages SET status = 'pending', next_attempt_at = UTC_TIMESTAMP(6), retry_until = NULL
        WHERE id = ? AND status = 'failed'`,
    [id],
  );
  return result.affectedRows === 1;
}

export interface FailedMailRow {
  id: number;
  attempts: number;
}

/**
 * Every failed message of a campaign (of one reminder slot when `runId` is given), locked, back to pending —
 * inside the caller's transaction. Returns the messages requeued.
 */
export async function requeueFailedMailOf(
  em: EntityManager,
  campaignId: number,
  runId?: number,
): Promise<FailedMailRow[]> {
  const list = await rows<FailedMailRow>(
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
}

export type ReminderPolicyRow = Parameters<typeof parsePolicy>[0];

export async function findReminderPolicy(
  em: EntityManager,
  campaignId: number,
): Promise<ReminderPolicyRow | undefined> {
  const [row] = await rows<ReminderPolicyRow>(em, 'SELECT * FROM reminder_policies WHERE campaign_id = ?', [
    campaignId,
  ]);
  return row;
}

/** The campaign's policy, inserted or replaced. Offsets are stored unique and largest first. */
export async function upsertReminderPolicy(em: EntityManager, campaignId: number, p: ReminderPolicyDto): Promise<void> {
  await write(
    em,
    `INSERT INTO reminder_policies (campaign_id, enabled, offsets_seconds, send_time, period_seconds, working_days_only, holidays, escalate_after_seconds)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE enabled = VALUES(enabled), offsets_seconds = VALUES(offsets_seconds), send_time = VALUES(send_time),
         period_seconds = VALUES(period_seconds), working_days_only = VALUES(working_days_only), holidays = VALUES(holidays),
         escalate_after_seconds = VALUES(escalate_after_seconds)`,
    [
      campaignId,
      p.enabled,
      JSON.stringify([...new Set(p.offsetsSeconds)].sort((a, b) => b - a)),
      p.sendTime,
      p.periodSeconds,
      p.workingDaysOnly,
      JSON.stringify(p.holidays),
      p.escalateAfterSeconds ?? null,
    ],
  );
}
