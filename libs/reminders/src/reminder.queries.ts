/**
 * The reads and writes of a reminder slot: the campaigns and their policies, the slot's run row, and — in the
 * slot's one transaction — its digests (`mail_messages`), reminders and in-app notifications.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface ReminderCampaignRow {
  id: number;
  name: string;
  timezone: string;
  enabled: number | null;
  offsets_seconds: string | null;
  send_time: string;
  period_seconds: number;
  working_days_only: number;
  holidays: string;
  escalate_after_seconds: number | null;
}

/** Campaign states in which nobody owes anything any more (or nothing has started). */
const QUIET_STATES = ['new', 'draft', 'published', 'archived'];
/** Rows per multi-row INSERT (keeps one statement's placeholders well below the server's limit). */
const CHUNK = 500;

/** One campaign (whatever its state) or every campaign not in a quiet state, with its reminder policy if any. */
export function reminderCampaigns(em: EntityManager, campaignId?: number): Promise<ReminderCampaignRow[]> {
  return rows<ReminderCampaignRow>(
    em,
    `SELECT c.id, c.name, c.timezone, p.enabled, p.offsets_seconds, p.send_time, p.period_seconds,
            p.working_days_only, p.holidays, p.escalate_after_seconds
       FROM campaigns c LEFT JOIN reminder_policies p ON p.campaign_id = c.id
      WHERE ${campaignId === undefined ? `c.state NOT IN (${QUIET_STATES.map(() => '?').join(', ')})` : 'c.id = ?'}`,
    campaignId === undefined ? QUIET_STATES : [campaignId],
  );
}

/** Whether the slot has been built (its run row exists). */
export async function slotBuilt(em: EntityManager, campaignId: number, slotAt: Date): Promise<boolean> {
  const [done] = await rows<{ id: number }>(em, 'SELECT id FROM reminder_runs WHERE campaign_id = ? AND slot_at = ?', [
    campaignId,
    slotAt,
  ]);
  return done !== undefined;
}

/** The slot's key (`skipped`: why the slot sends nothing, if so); throws a duplicate-key error when another compute built (or is building) the same slot. */
export async function insertRun(
  em: EntityManager,
  run: { campaignId: number; slotAt: Date; localDay: string; skipped: string | null },
): Promise<number> {
  const { insertId } = await write(
    em,
    'INSERT INTO reminder_runs (campaign_id, slot_at, local_day, skipped) VALUES (?, ?, ?, ?)',
    [run.campaignId, run.slotAt, run.localDay, run.skipped],
  );
  return insertId;
}

/** People of the campaign already reminded on that local day. */
export async function remindedOnDay(em: EntityManager, campaignId: number, localDay: string): Promise<number[]> {
  return (
    await rows<{ recipient_user_id: number }>(
      em,
      'SELECT DISTINCT recipient_user_id FROM reminders WHERE campaign_id = ? AND local_day = ?',
      [campaignId, localDay],
    )
  ).map((r) => Number(r.recipient_user_id));
}

export interface DigestMail {
  userId: number;
  digestKey: string;
  messageId: string;
  to: string | null;
  subject: string;
  text: string;
  html: string;
  ics: string | null;
}

/** The run's digests, as `pending` mail. */
export async function insertDigestMails(
  em: EntityManager,
  campaignId: number,
  runId: number,
  mails: DigestMail[],
): Promise<void> {
  for (let i = 0; i < mails.length; i += CHUNK) {
    const chunk = mails.slice(i, i + CHUNK);
    await write(
      em,
      `INSERT INTO mail_messages (campaign_id, run_id, recipient_user_id, digest_key, message_id, to_address, subject,
                                  text_body, html_body, ics, status, attempts)
       VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0)").join(', ')}`,
      chunk.flatMap((d) => [
        campaignId,
        runId,
        d.userId,
        d.digestKey,
        d.messageId,
        d.to,
        d.subject,
        d.text,
        d.html,
        d.ics,
      ]),
    );
  }
}

/** The run's mail ids by recipient. */
export async function runMailIds(em: EntityManager, runId: number): Promise<Map<number, number>> {
  return new Map(
    (
      await rows<{ id: number; recipient_user_id: number }>(
        em,
        'SELECT id, recipient_user_id FROM mail_messages WHERE run_id = ?',
        [runId],
      )
    ).map((r) => [Number(r.recipient_user_id), Number(r.id)]),
  );
}

export interface ReminderInsert {
  userId: number;
  deadlineKey: string;
  kind: string;
  subjectType: string;
  subjectId: number;
  dueAt: Date;
  reason: string;
  mailMessageId: number | null;
}

export async function insertReminders(
  em: EntityManager,
  run: { campaignId: number; runId: number; localDay: string },
  reminders: ReminderInsert[],
): Promise<void> {
  for (let i = 0; i < reminders.length; i += CHUNK) {
    const chunk = reminders.slice(i, i + CHUNK);
    await write(
      em,
      `INSERT INTO reminders (campaign_id, run_id, recipient_user_id, deadline_key, kind, local_day, subject_type,
                              subject_id, due_at, reason, mail_message_id)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((r) => [
        run.campaignId,
        run.runId,
        r.userId,
        r.deadlineKey,
        r.kind,
        run.localDay,
        r.subjectType,
        r.subjectId,
        r.dueAt,
        r.reason.slice(0, 500),
        r.mailMessageId,
      ]),
    );
  }
}

export interface DigestNotification {
  userId: number;
  dedupeKey: string;
  kind: 'reminder' | 'overdue' | 'escalation';
  title: string;
  body: string;
  link: string;
}

export async function insertDigestNotifications(
  em: EntityManager,
  campaignId: number,
  notifications: DigestNotification[],
): Promise<void> {
  for (let i = 0; i < notifications.length; i += CHUNK) {
    const chunk = notifications.slice(i, i + CHUNK);
    await write(
      em,
      `INSERT INTO notifications (user_id, campaign_id, dedupe_key, kind, title, body, link)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((n) => [n.userId, campaignId, n.dedupeKey, n.kind, n.title.slice(0, 500), n.body, n.link]),
    );
  }
}

export async function setRunCounts(
  em: EntityManager,
  runId: number,
  reminders: number,
  digests: number,
): Promise<void> {
  await write(em, 'UPDATE reminder_runs SET reminders = ?, digests = ? WHERE id = ?', [reminders, digests, runId]);
}
