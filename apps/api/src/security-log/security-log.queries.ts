import { rows } from '@lib/database';
import type { EntityManager } from 'typeorm';
import { SECURITY_ACTIONS } from './security-events';

export interface SecurityEventRow {
  id: number;
  occurredAt: Date;
  action: string;
  actorUserId: number | null;
  actorUsername: string | null;
  actorName: string | null;
  subjectUserId: number;
  subjectUsername: string | null;
  subjectName: string | null;
  data: string;
}

export interface SecurityEventFilter {
  authorityId: number;
  /** Events the person did or that concern them. */
  userId?: number;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

/**
 * Security events of users of one authority (the subject's organisation decides), newest first, with the total.
 * Failed logins on names with no account (user 0) belong to no authority and are not listed.
 */
export async function findSecurityEvents(
  em: EntityManager,
  filter: SecurityEventFilter,
): Promise<{ items: SecurityEventRow[]; total: number }> {
  const where = [
    `a.entity_type = 'user'`,
    `a.action IN (${SECURITY_ACTIONS.map(() => '?').join(', ')})`,
    'so.authority_id = ?',
  ];
  const params: unknown[] = [...SECURITY_ACTIONS, filter.authorityId];
  if (filter.userId !== undefined) {
    where.push('(a.entity_id = ? OR a.actor_user_id = ?)');
    params.push(filter.userId, filter.userId);
  }
  if (filter.action !== undefined) {
    where.push('a.action = ?');
    params.push(filter.action);
  }
  if (filter.from !== undefined) {
    where.push('a.occurred_at >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('a.occurred_at < ?');
    params.push(filter.to);
  }
  const from = `FROM audit_log a
    JOIN users s ON s.id = a.entity_id
    JOIN organisations so ON so.id = s.organisation_id
    LEFT JOIN users act ON act.id = a.actor_user_id
    WHERE ${where.join(' AND ')}`;
  const items = await rows<SecurityEventRow>(
    em,
    `SELECT a.id, a.occurred_at AS occurredAt, a.action, a.actor_user_id AS actorUserId,
            act.username AS actorUsername, act.full_name AS actorName,
            a.entity_id AS subjectUserId, s.username AS subjectUsername, s.full_name AS subjectName, a.data
       ${from}
      ORDER BY a.occurred_at DESC, a.id DESC
      LIMIT ? OFFSET ?`,
    [...params, filter.limit, filter.offset],
  );
  const [{ total }] = await rows<{ total: number | string }>(em, `SELECT COUNT(*) AS total ${from}`, params);
  return { items, total: Number(total) };
}
