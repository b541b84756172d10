/** The reads and writes of a clarification notice (one in-app notification and one mail per unit officer). */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface ClarificationNoticeRow {
  id: number;
  sheet_id: number;
  campaign_id: number;
  campaign_name: string;
  timezone: string;
  unit_name: string;
  unit_organisation_id: number;
  appraiser_organisation: string | null;
  criterion_codes: string;
  request: string;
  due_at: Date;
  definition: string;
}

export async function clarificationForNotice(
  em: EntityManager,
  taskId: number,
  round: number,
): Promise<ClarificationNoticeRow | undefined> {
  const [row] = await rows<ClarificationNoticeRow>(
    em,
    `SELECT k.id, k.sheet_id, s.campaign_id, c.name AS campaign_name, c.timezone, u.name AS unit_name,
            u.organisation_id AS unit_organisation_id, o.name AS appraiser_organisation, k.criterion_codes, k.request,
            k.due_at, cs.definition
       FROM appraisal_clarifications k
       JOIN score_sheets s ON s.id = k.sheet_id
       JOIN campaigns c ON c.id = s.campaign_id
       JOIN units u ON u.id = s.unit_id
       JOIN criteria_sets cs ON cs.id = s.criteria_set_id
       LEFT JOIN users r ON r.id = k.requested_by
       LEFT JOIN organisations o ON o.id = r.organisation_id
      WHERE k.task_id = ? AND k.round = ?`,
    [taskId, round],
  );
  return row;
}

/** Active unit officers of the unit's organisation: who answers a clarification. */
export function unitOfficers(
  em: EntityManager,
  organisationId: number,
): Promise<{ id: number; email: string | null; full_name: string }[]> {
  return rows(
    em,
    `SELECT id, email, full_name FROM users
      WHERE organisation_id = ? AND active = 1 AND roles LIKE '%"unit_officer"%' ORDER BY id`,
    [organisationId],
  );
}

/** Idempotent by (user, dedupe key). */
export async function insertNotification(
  em: EntityManager,
  n: { userId: number; campaignId: number; dedupeKey: string; title: string; body: string; link: string },
): Promise<void> {
  await write(
    em,
    `INSERT IGNORE INTO notifications (user_id, campaign_id, dedupe_key, kind, title, body, link)
     VALUES (?, ?, ?, 'clarification', ?, ?, ?)`,
    [n.userId, n.campaignId, n.dedupeKey, n.title.slice(0, 500), n.body, n.link],
  );
}

/** Idempotent by the digest key; answers the row's id and attempts (new or already there). */
export async function insertMail(
  em: EntityManager,
  m: {
    campaignId: number;
    userId: number;
    key: string;
    messageId: string;
    to: string;
    subject: string;
    text: string;
    html: string;
  },
): Promise<{ id: number; attempts: number; status: string }> {
  await write(
    em,
    `INSERT IGNORE INTO mail_messages (campaign_id, run_id, recipient_user_id, digest_key, message_id, to_address,
                                       subject, text_body, html_body, ics, status, attempts)
     VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, NULL, 'pending', 0)`,
    [m.campaignId, m.userId, m.key, m.messageId, m.to, m.subject.slice(0, 500), m.text, m.html],
  );
  const [row] = await rows<{ id: number; attempts: number; status: string }>(
    em,
    'SELECT id, attempts, status FROM mail_messages WHERE digest_key = ?',
    [m.key],
  );
  return { id: Number(row.id), attempts: Number(row.attempts), status: row.status };
}
