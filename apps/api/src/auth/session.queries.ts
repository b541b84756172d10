/**
 * Server-side sessions (the sessions table): the one place that reads or writes them. Every time comparison uses
 * the database clock (UTC_TIMESTAMP), so api replicas with drifting clocks agree on what has expired.
 */
import { rows, write, type Role } from '@lib/database';
import type { EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';

/** A valid session row with its user, as a request resolves it. */
export interface SessionRecord {
  id: string;
  csrfToken: string;
  mustChangePassword: boolean;
  user: SessionUser;
}

/** Inserts a session (after dropping the user's long-dead rows); returns when it expires. */
export async function insertSession(
  em: EntityManager,
  s: {
    id: string;
    userId: number;
    csrfToken: string;
    absoluteHours: number;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<Date> {
  // Housekeeping without a job: a user's long-dead rows go when they sign in again.
  await write(em, 'DELETE FROM sessions WHERE user_id = ? AND expires_at < UTC_TIMESTAMP(6) - INTERVAL 7 DAY', [
    s.userId,
  ]);
  await write(
    em,
    `INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
     VALUES (?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL ? HOUR, ?, ?)`,
    [s.id, s.userId, s.csrfToken, s.absoluteHours, s.ip, s.userAgent],
  );
  const [row] = await rows<{ expiresAt: Date }>(em, 'SELECT expires_at AS expiresAt FROM sessions WHERE id = ?', [
    s.id,
  ]);
  return row.expiresAt;
}

/**
 * The session if it is still valid — not revoked, within the absolute and the idle timeout, its user active —
 * and marks it as seen (at most every `touchEverySeconds`; null: not at all, a background request). Undefined otherwise.
 */
export async function resolveSession(
  em: EntityManager,
  id: string,
  idleSeconds: number,
  touchEverySeconds: number | null,
): Promise<SessionRecord | undefined> {
  const [row] = await rows<{
    id: string;
    csrfToken: string;
    userId: number;
    username: string;
    fullName: string;
    organisationId: number;
    authorityId: number;
    roles: string;
    mustChangePassword: number;
  }>(
    em,
    `SELECT s.id, s.csrf_token AS csrfToken, u.id AS userId, u.username, u.full_name AS fullName,
            u.organisation_id AS organisationId, o.authority_id AS authorityId, u.roles,
            u.must_change_password AS mustChangePassword
       FROM sessions s
       JOIN users u ON u.id = s.user_id
       JOIN organisations o ON o.id = u.organisation_id
      WHERE s.id = ? AND s.revoked_at IS NULL AND u.active = 1
        AND s.expires_at > UTC_TIMESTAMP(6)
        AND s.last_seen_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND`,
    [id, idleSeconds],
  );
  if (!row) {
    return undefined;
  }
  if (touchEverySeconds !== null) {
    await write(
      em,
      'UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) WHERE id = ? AND last_seen_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND',
      [id, touchEverySeconds],
    );
  }
  return {
    id: row.id,
    csrfToken: row.csrfToken,
    mustChangePassword: Boolean(row.mustChangePassword),
    user: {
      id: row.userId,
      username: row.username,
      fullName: row.fullName,
      organisationId: row.organisationId,
      authorityId: row.authorityId,
      roles: JSON.parse(row.roles) as Role[],
    },
  };
}

export async function revokeSession(em: EntityManager, id: string): Promise<void> {
  await write(em, 'UPDATE sessions SET revoked_at = UTC_TIMESTAMP(6) WHERE id = ? AND revoked_at IS NULL', [id]);
}

/** Revokes every live session of the user except `exceptId` ('' spares none). */
export async function revokeUserSessions(em: EntityManager, userId: number, exceptId: string): Promise<void> {
  await write(
    em,
    'UPDATE sessions SET revoked_at = UTC_TIMESTAMP(6) WHERE user_id = ? AND revoked_at IS NULL AND id <> ?',
    [userId, exceptId],
  );
}
