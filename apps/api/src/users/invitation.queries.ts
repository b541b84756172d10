/** The SQL of invitations: tokens are looked up by their SHA-256 only. */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface InvitationRow {
  id: number;
  userId: number;
  username: string;
  fullName: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  active: number;
}

export interface InviteeRow {
  id: number;
  username: string;
  fullName: string;
  email: string | null;
  authorityName: string;
  timeZone: string;
}

/** The users to invite, with their authority's name and zone (the mail says until when, in local time). */
export function invitees(em: EntityManager, userIds: number[]): Promise<InviteeRow[]> {
  if (userIds.length === 0) {
    return Promise.resolve([]);
  }
  return rows<InviteeRow>(
    em,
    `SELECT u.id, u.username, u.full_name AS fullName, u.email, a.name AS authorityName, a.timezone AS timeZone
       FROM users u JOIN organisations o ON o.id = u.organisation_id JOIN authorities a ON a.id = o.authority_id
      WHERE u.id IN (${userIds.map(() => '?').join(', ')}) ORDER BY u.id`,
    userIds,
  );
}

/** A new invitation; the user's earlier unused ones stop working (only the newest link opens). */
export async function insertInvitation(
  em: EntityManager,
  i: { userId: number; tokenHash: string; expiresAt: Date; createdBy: number | null },
): Promise<number> {
  await write(
    em,
    'UPDATE user_invitations SET revoked_at = CURRENT_TIMESTAMP(6) WHERE user_id = ? AND used_at IS NULL AND revoked_at IS NULL',
    [i.userId],
  );
  return (
    await write(em, 'INSERT INTO user_invitations (user_id, token_hash, expires_at, created_by) VALUES (?, ?, ?, ?)', [
      i.userId,
      i.tokenHash,
      i.expiresAt,
      i.createdBy,
    ])
  ).insertId;
}

/** The invitation of a token hash (locked when `forUpdate`: two tabs setting a password race on the row). */
export async function invitationByHash(
  em: EntityManager,
  tokenHash: string,
  forUpdate = false,
): Promise<InvitationRow | undefined> {
  const [row] = await rows<InvitationRow>(
    em,
    `SELECT i.id, i.user_id AS userId, u.username, u.full_name AS fullName, i.expires_at AS expiresAt,
            i.used_at AS usedAt, i.revoked_at AS revokedAt, u.active
       FROM user_invitations i JOIN users u ON u.id = i.user_id
      WHERE i.token_hash = ?${forUpdate ? ' FOR UPDATE' : ''}`,
    [tokenHash],
  );
  return row;
}

export async function markInvitationUsed(em: EntityManager, id: number): Promise<void> {
  await write(em, 'UPDATE user_invitations SET used_at = CURRENT_TIMESTAMP(6) WHERE id = ?', [id]);
}

/** The invitation mail, without a campaign (scoped to the authority through its recipient); idempotent by key. */
export async function insertInvitationMail(
  em: EntityManager,
  m: { userId: number; key: string; messageId: string; to: string; subject: string; text: string; html: string },
): Promise<{ id: number; attempts: number }> {
  const id = (
    await write(
      em,
      `INSERT INTO mail_messages (campaign_id, run_id, recipient_user_id, digest_key, message_id, to_address,
                                  subject, text_body, html_body, ics, status, attempts)
       VALUES (NULL, NULL, ?, ?, ?, ?, ?, ?, ?, NULL, 'pending', 0)`,
      [m.userId, m.key, m.messageId, m.to, m.subject.slice(0, 500), m.text, m.html],
    )
  ).insertId;
  return { id, attempts: 0 };
}
