/**
 * The platform administrators' SQL: authorities (every one but the platform's own row) and the first admin's
 * organisation and account inside a new authority.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface AuthorityRow {
  id: number;
  code: string;
  name: string;
  level: string;
  timeZone: string;
  admins: number | string;
  createdAt: Date;
}

const SELECT_AUTHORITY = `
  SELECT a.id, a.code, a.name, a.level, a.timezone AS timeZone, a.created_at AS createdAt,
         (SELECT COUNT(*) FROM users u JOIN organisations o ON o.id = u.organisation_id
           WHERE o.authority_id = a.id AND JSON_CONTAINS(u.roles, '"admin"')) AS admins
    FROM authorities a`;

export function listAuthorities(em: EntityManager): Promise<AuthorityRow[]> {
  return rows<AuthorityRow>(em, `${SELECT_AUTHORITY} WHERE a.level <> 'platform' ORDER BY a.name, a.id`);
}

/** One authority (never the platform's own row), or undefined. */
export async function findAuthority(em: EntityManager, id: number): Promise<AuthorityRow | undefined> {
  const [row] = await rows<AuthorityRow>(em, `${SELECT_AUTHORITY} WHERE a.id = ? AND a.level <> 'platform'`, [id]);
  return row;
}

export async function insertAuthority(
  em: EntityManager,
  a: { code: string; name: string; level: string; timeZone: string },
): Promise<number> {
  const result = await write(em, 'INSERT INTO authorities (code, name, level, timezone) VALUES (?, ?, ?, ?)', [
    a.code,
    a.name,
    a.level,
    a.timeZone,
  ]);
  return result.insertId;
}

export async function insertOrganisationRow(
  em: EntityManager,
  o: { authorityId: number; code: string; name: string; kind: string },
): Promise<number> {
  const result = await write(em, 'INSERT INTO organisations (authority_id, code, name, kind) VALUES (?, ?, ?, ?)', [
    o.authorityId,
    o.code,
    o.name,
    o.kind,
  ]);
  return result.insertId;
}

export async function insertUserRow(
  em: EntityManager,
  u: {
    organisationId: number;
    username: string;
    fullName: string;
    email: string | null;
    passwordHash: string;
    roles: string[];
  },
): Promise<number> {
  const result = await write(
    em,
    `INSERT INTO users (organisation_id, username, full_name, email, password_hash, roles, must_change_password)
     VALUES (?, ?, ?, ?, ?, ?, 1)`,
    [u.organisationId, u.username, u.fullName, u.email, u.passwordHash, JSON.stringify(u.roles)],
  );
  return result.insertId;
}

export async function authorityCodeTaken(em: EntityManager, code: string): Promise<boolean> {
  return (await rows(em, 'SELECT 1 FROM authorities WHERE code = ?', [code])).length > 0;
}

export async function usernameTaken(em: EntityManager, username: string): Promise<boolean> {
  return (await rows(em, 'SELECT 1 FROM users WHERE username = ?', [username])).length > 0;
}
