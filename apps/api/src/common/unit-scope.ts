import type { Role } from '@lib/database';
import { notFound } from '@lib/common';
import type { SessionUser } from './session-user';

/**
 * Authorisation in the query (docs/ARCHITECTURE.md §invariant-6). Services never load an object and then ask "may this
 * caller see it?": they add the caller's scope to the WHERE clause, so an object outside it is simply not
 * found and the answer is 404 — the same as for an id that does not exist, which leaks nothing.
 *
 * Scope of each role over `units` (a caller with several roles gets the union):
 * - `admin`, `leader`, `council_member`, `viewer`: every unit of the caller's authority;
 * - `unit_officer`: the units whose `organisation_id` is the caller's organisation;
 * - `appraiser`, `supervisor`: no unit. They reach a sheet only through a task of theirs (campaign × unit ×
 *   content area: inbox/task-access.ts `visibleTasks`), never per unit — an organisation that appraised a unit
 *   once must not read that unit in every later campaign (issue 12, item 4).
 */
export interface SqlPredicate {
  /** A boolean SQL expression with named parameters (`:scopeAuthorityId`, `:scopeOrganisationId`). */
  sql: string;
  params: { scopeAuthorityId: number; scopeOrganisationId: number };
}

export interface UnitScopeOptions {
  /** Alias of the `units` table in the caller's query (default `unit`). */
  alias?: string;
}

/** Roles that see the whole authority (read access; what they may change is gated by `@Roles`). */
export const AUTHORITY_WIDE_ROLES: readonly Role[] = ['admin', 'leader', 'council_member', 'viewer'];

/**
 * The predicate restricting `units` (aliased `options.alias`) to what `user` may see. Use it with a query
 * builder — `qb.andWhere(scope.sql, scope.params)` — or with `ds.query` through `toPositional`.
 */
export function unitScope(user: SessionUser, options: UnitScopeOptions = {}): SqlPredicate {
  const a = options.alias ?? 'unit';
  const params = { scopeAuthorityId: user.authorityId, scopeOrganisationId: user.organisationId };
  const has = (roles: readonly Role[]) => user.roles.some((role) => roles.includes(role));
  const inAuthority = `${a}.authority_id = :scopeAuthorityId`;
  if (has(AUTHORITY_WIDE_ROLES)) {
    return { sql: inAuthority, params };
  }
  const branches: string[] = [];
  if (user.roles.includes('unit_officer')) {
    branches.push(`${a}.organisation_id = :scopeOrganisationId`);
  }
  if (branches.length === 0) {
    return { sql: '1 = 0', params };
  }
  return { sql: `(${inAuthority} AND (${branches.join(' OR ')}))`, params };
}

/**
 * The same predicate with `?` placeholders and the values in order, for `ds.query(sql, values)`.
 * Only the scope's own parameter names are replaced.
 */
export function toPositional(predicate: SqlPredicate): { sql: string; values: number[] } {
  const values: number[] = [];
  const sql = predicate.sql.replace(/:(scopeAuthorityId|scopeOrganisationId)\b/g, (_match, name: string) => {
    values.push(predicate.params[name as keyof SqlPredicate['params']]);
    return '?';
  });
  return { sql, values };
}

/** The row, or a 404 `AppError` — the answer for "does not exist" and for "outside your scope" alike. */
export function foundOr404<T>(row: T | null | undefined, what = 'resource'): T {
  if (row === null || row === undefined) {
    throw notFound(what);
  }
  return row;
}
