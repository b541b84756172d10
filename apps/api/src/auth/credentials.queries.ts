/**
 * A user's credentials and lockout columns (users.password_hash, failed_logins, locked_until): the one place
 * login and password change read or write them. Lockout instants use the database clock.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface LoginRecord {
  id: number;
  passwordHash: string | null;
  active: boolean;
  locked: boolean;
}

export async function findLogin(em: EntityManager, username: string): Promise<LoginRecord | undefined> {
  const [row] = await rows<{ id: number; passwordHash: string | null; active: number; locked: number }>(
    em,
    `SELECT id, password_hash AS passwordHash, active,
            (locked_until IS NOT NULL AND locked_until > UTC_TIMESTAMP(6)) AS locked
       FROM users WHERE username = ?`,
    [username],
  );
  return (
    row && {
      id: row.id,
      passwordHash: row.passwordHash,
      active: Boolean(Number(row.active)),
      locked: Boolean(Number(row.locked)),
    }
  );
}

export async function clearFailedLogins(em: EntityManager, userId: number): Promise<void> {
  await write(em, 'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?', [userId]);
}

export async function passwordHashOf(em: EntityManager, userId: number): Promise<string | null | undefined> {
  const [row] = await rows<{ passwordHash: string | null }>(
    em,
    'SELECT password_hash AS passwordHash FROM users WHERE id = ?',
    [userId],
  );
  return row?.passwordHash;
}

export async function setPassword(em: EntityManager, userId: number, passwordHash: string): Promise<void> {
  await write(em, 'UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?', [passwordHash, userId]);
}

/**
 * Count a wrong password in the users row, atomically (two replicas racing still lock at N). True when
 * this failure locked the account. MySQL applies SET left to right, so `locked_until` reads the old count.
 */
export async function recordWrongPassword(
  em: EntityManager,
  userId: number,
  lockout: { maxFailures: number; minutes: number },
): Promise<boolean> {
  await write(
    em,
    `UPDATE users
        SET locked_until = IF(failed_logins + 1 >= ?, UTC_TIMESTAMP(6) + INTERVAL ? MINUTE, locked_until),
            failed_logins = IF(failed_logins + 1 >= ?, 0, failed_logins + 1)
      WHERE id = ?`,
    [lockout.maxFailures, lockout.minutes, lockout.maxFailures, userId],
  );
  const [row] = await rows<{ locked: number }>(
    em,
    'SELECT (locked_until IS NOT NULL AND locked_until > UTC_TIMESTAMP(6)) AS locked FROM users WHERE id = ?',
    [userId],
  );
  return Boolean(Number(row?.locked));
}

/** Whether a platform administrator — or any account named `username` — exists (the start-up bootstrap asks). */
export async function platformAdminExists(em: EntityManager, username: string): Promise<boolean> {
  const found = await rows(
    em,
    `SELECT 1 FROM users WHERE JSON_CONTAINS(roles, '"platform_admin"') OR username = ? LIMIT 1`,
    [username],
  );
  return found.length > 0;
}
