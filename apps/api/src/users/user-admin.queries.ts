/**
 * The users aggregate's SQL for the admin's user management: every read joins the organisation and filters on
 * the admin's authority, so another tenant's user is not found.
 */
import { rows } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface UserRow {
  id: number;
  username: string;
  fullName: string;
  email: string | null;
  organisationId: number;
  organisationCode: string;
  organisationName: string;
  roles: string;
  active: number;
  mustChangePassword: number;
  lockedUntil: Date | null;
  createdAt: Date;
}

const SELECT_USER = `
  SELECT u.id, u.username, u.full_name AS fullName, u.email, u.organisation_id AS organisationId,
         o.code AS organisationCode, o.name AS organisationName, u.roles, u.active, u.must_change_password AS mustChangePassword,
         u.locked_until AS lockedUntil, u.created_at AS createdAt
    FROM users u JOIN organisations o ON o.id = u.organisation_id`;

export async function findUser(em: EntityManager, id: number, authorityId: number): Promise<UserRow | undefined> {
  const [row] = await rows<UserRow>(em, `${SELECT_USER} WHERE u.id = ? AND o.authority_id = ?`, [id, authorityId]);
  return row;
}

/** A page of the authority's users (of one organisation code and with one role, when given) and the total. */
export async function listUsers(
  em: EntityManager,
  authorityId: number,
  query: { organisationCode?: string; role?: string; page: number; pageSize: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const where = ['o.authority_id = ?'];
  const params: unknown[] = [authorityId];
  if (query.organisationCode) {
    where.push('o.code = ?');
    params.push(query.organisationCode);
  }
  if (query.role) {
    where.push('JSON_CONTAINS(u.roles, JSON_QUOTE(?))');
    params.push(query.role);
  }
  const filter = `WHERE ${where.join(' AND ')}`;
  const page = await rows<UserRow>(em, `${SELECT_USER} ${filter} ORDER BY o.code, u.username LIMIT ? OFFSET ?`, [
    ...params,
    query.pageSize,
    (query.page - 1) * query.pageSize,
  ]);
  const [{ total }] = await rows<{ total: number | string }>(
    em,
    `SELECT COUNT(*) AS total FROM users u JOIN organisations o ON o.id = u.organisation_id ${filter}`,
    params,
  );
  return { rows: page, total: Number(total) };
}

export async function organisationsOf(em: EntityManager, authorityId: number): Promise<{ id: number; code: string }[]> {
  return rows<{ id: number; code: string }>(em, 'SELECT id, code FROM organisations WHERE authority_id = ?', [
    authorityId,
  ]);
}

/** Which of these usernames are taken. */
export async function takenUsernames(em: EntityManager, usernames: readonly string[]): Promise<string[]> {
  const found = await rows<{ username: string }>(
    em,
    `SELECT username FROM users WHERE username IN (${usernames.map(() => '?').join(',')})`,
    [...usernames],
  );
  return found.map((r) => r.username);
}
