/**
 * The mail sender's reads and writes of one `mail_messages` row: claim, load, commit `sent`, record a failure,
 * and the sweep for messages whose job was lost. Every write after the claim is guarded by the claim token.
 */
import { rows, write, type MailStatus } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface MessageRow {
  id: number;
  message_id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  ics: string | null;
  status: MailStatus;
  attempts: number;
}

/**
 * `pending` (or `sending` whose lease has expired) → `sending`, attempts+1, the claim token and a lease, in one
 * conditional UPDATE. False: the message is done or someone else holds a live claim.
 */
export async function claimMessage(
  em: EntityManager,
  messageId: number,
  token: string,
  leaseUs: number,
): Promise<boolean> {
  const claim = await write(
    em,
    `UPDATE mail_messages
        SET status = 'sending', attempts = attempts + 1, claim_token = ?, next_attempt_at = NULL,
            lease_until = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND
      WHERE id = ? AND (status = 'pending' OR (status = 'sending' AND lease_until < UTC_TIMESTAMP(6)))`,
    [token, leaseUs, messageId],
  );
  return claim.affectedRows === 1;
}

/**
 * The batch form of `claimMessage`: every claimable row among `messageIds` → `sending` under one token, in one
 * conditional UPDATE; then the claimed rows, read back by that token (rows done or held by another live claim are
 * simply not among them).
 */
export async function claimMessages(
  em: EntityManager,
  messageIds: number[],
  token: string,
  leaseUs: number,
): Promise<MessageRow[]> {
  const claim = await write(
    em,
    `UPDATE mail_messages
        SET status = 'sending', attempts = attempts + 1, claim_token = ?, next_attempt_at = NULL,
            lease_until = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND
      WHERE id IN (${messageIds.map(() => '?').join(', ')})
        AND (status = 'pending' OR (status = 'sending' AND lease_until < UTC_TIMESTAMP(6)))`,
    [token, leaseUs, ...messageIds],
  );
  if (claim.affectedRows === 0) {
    return [];
  }
  return rows<MessageRow>(
    em,
    `SELECT * FROM mail_messages WHERE id IN (${messageIds.map(() => '?').join(', ')}) AND claim_token = ?`,
    [...messageIds, token],
  );
}

export async function messageStatus(em: EntityManager, messageId: number): Promise<MailStatus | undefined> {
  const [row] = await rows<{ status: MailStatus }>(em, 'SELECT status FROM mail_messages WHERE id = ?', [messageId]);
  return row?.status;
}

export async function loadMessage(em: EntityManager, messageId: number): Promise<MessageRow> {
  const [message] = await rows<MessageRow>(em, 'SELECT * FROM mail_messages WHERE id = ?', [messageId]);
  return message;
}

/**
 * `sent` for several messages at once (a group commit of the 250s that arrived while the previous commit ran), each
 * guarded by its own claim token: one autocommit UPDATE.
 */
export async function markSentMany(
  em: EntityManager,
  sent: Array<{ messageId: number; token: string; response: string }>,
): Promise<void> {
  const cases = sent.map(() => 'WHEN ? THEN ?').join(' ');
  await write(
    em,
    `UPDATE mail_messages SET status = 'sent', sent_at = UTC_TIMESTAMP(6), smtp_response = CASE id ${cases} END,
            lease_until = NULL, claim_token = NULL, last_error = NULL
      WHERE id IN (${sent.map(() => '?').join(', ')}) AND claim_token = CASE id ${cases} END`,
    [
      ...sent.flatMap((m) => [m.messageId, m.response.slice(0, 500)]),
      ...sent.map((m) => m.messageId),
      ...sent.flatMap((m) => [m.messageId, m.token]),
    ],
  );
}

/** Whether the message is still within its retry window (which starts at its first failure, `retryForUs` long). */
export async function withinRetryWindow(
  em: EntityManager,
  messageId: number,
  token: string,
  retryForUs: number,
): Promise<boolean> {
  const [row] = await rows<{ within: number | null }>(
    em,
    `SELECT COALESCE(retry_until, UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND) > UTC_TIMESTAMP(6) AS within
       FROM mail_messages WHERE id = ? AND claim_token = ?`,
    [retryForUs, messageId, token],
  );
  return Number(row?.within) === 1;
}

/** Releases the claim after a failed send: `failed`, or `pending` again with its next attempt time. */
export async function recordSendFailure(
  em: EntityManager,
  f: { messageId: number; token: string; final: boolean; error: string; retryForUs: number; retryInUs: number },
): Promise<void> {
  await write(
    em,
    `UPDATE mail_messages
        SET status = ?, last_error = ?, lease_until = NULL, claim_token = NULL,
            retry_until = COALESCE(retry_until, UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND),
            next_attempt_at = IF(? , NULL, UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND)
      WHERE id = ? AND claim_token = ?`,
    [f.final ? 'failed' : 'pending', f.error.slice(0, 2000), f.retryForUs, f.final, f.retryInUs, f.messageId, f.token],
  );
}

export async function messageAttempts(em: EntityManager, messageId: number): Promise<number | undefined> {
  const [row] = await rows<{ attempts: number }>(em, 'SELECT attempts FROM mail_messages WHERE id = ?', [messageId]);
  return row?.attempts;
}

/** `pending` past their retry time (plus `graceUs`), or `sending` with an expired lease. */
export function stuckMessages(
  em: EntityManager,
  graceUs: number,
  limit: number,
): Promise<Array<{ id: number; attempts: number }>> {
  return rows<{ id: number; attempts: number }>(
    em,
    `SELECT id, attempts FROM mail_messages
      WHERE (status = 'pending' AND COALESCE(next_attempt_at, created_at) < UTC_TIMESTAMP(6) - INTERVAL ? MICROSECOND)
         OR (status = 'sending' AND lease_until < UTC_TIMESTAMP(6))
      ORDER BY id LIMIT ?`,
    [graceUs, limit],
  );
}
