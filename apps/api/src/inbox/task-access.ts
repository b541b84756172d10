import { notFound } from '@lib/common';
import { assertWritable, rows } from '@lib/workflow';
import type { EntityManager } from 'typeorm';
import { AUTHORITY_WIDE_ROLES } from '../common/unit-scope';
import type { SessionUser } from '../common/session-user';

/** A task row as the inbox and the appraisal services read it. */
export interface TaskRow {
  id: number;
  campaign_id: number;
  sheet_id: number;
  unit_id: number;
  content_area: string;
  state: string;
  version: number;
  snapshot: string;
  assignee_user_id: number | null;
  original_assignee_user_id: number | null;
  due_at: Date;
  follow_up_at: Date | null;
  conflict_of_interest: number;
  confirmer_organisation_id: number | null;
  completed_at: Date | null;
  timezone: string;
  authority_id: number;
}

/** States of a task that is not done yet. */
export const ACTIVE_STATES = ['open', 'claimed', 'inReview', 'awaitingClarification'] as const;

export function isAuthorityWide(user: SessionUser): boolean {
  return user.roles.some((r) => AUTHORITY_WIDE_ROLES.includes(r));
}

/**
 * Authorisation in the query (DESIGN §3 invariant 6): which tasks (alias `t`) the caller may see.
 * Authority-wide roles see every task of their authority's campaigns; everyone else sees the tasks whose
 * candidates include their organisation, or whose conflict-of-interest confirmer it is. Anything else is 404.
 */
export function visibleTasks(user: SessionUser, alias = 't'): { sql: string; params: unknown[] } {
  if (isAuthorityWide(user)) {
    return {
      sql: `${alias}.campaign_id IN (SELECT vc.id FROM campaigns vc WHERE vc.authority_id = ?)`,
      params: [user.authorityId],
    };
  }
  return {
    sql: `(EXISTS (SELECT 1 FROM appraisal_task_candidates vc WHERE vc.task_id = ${alias}.id AND vc.organisation_id = ?) OR ${alias}.confirmer_organisation_id = ?)`,
    params: [user.organisationId, user.organisationId],
  };
}

/** The task if the caller may see it, else 404; `lock` reads the latest committed row FOR UPDATE. */
export async function loadVisibleTask(
  em: EntityManager,
  user: SessionUser,
  id: number,
  options: { lock?: boolean } = {},
): Promise<TaskRow> {
  const scope = visibleTasks(user);
  const [task] = await rows<TaskRow>(
    em,
    `SELECT t.id, t.campaign_id, t.sheet_id, t.unit_id, t.content_area, t.state, t.version, t.snapshot,
            t.assignee_user_id, t.original_assignee_user_id, t.due_at, t.follow_up_at, t.conflict_of_interest,
            t.confirmer_organisation_id, t.completed_at, c.timezone, c.authority_id
       FROM appraisal_tasks t JOIN campaigns c ON c.id = t.campaign_id
      WHERE t.id = ? AND ${scope.sql}${options.lock ? ' FOR UPDATE' : ''}`,
    [id, ...scope.params],
  );
  if (!task) {
    throw notFound('appraisal task');
  }
  return task;
}

export async function isCandidate(em: EntityManager, taskId: number, organisationId: number): Promise<boolean> {
  const found = await rows<{ one: number }>(
    em,
    'SELECT 1 AS one FROM appraisal_task_candidates WHERE task_id = ? AND organisation_id = ?',
    [taskId, organisationId],
  );
  return found.length > 0;
}

/**
 * Every task write asks the phase gate for the appraisal window (database clock): refused with 423 naming the
 * instant once its deadline passed or the secretariat closed it early.
 */
export async function assertAppraisalOpen(em: EntityManager, task: Pick<TaskRow, 'campaign_id'>): Promise<void> {
  await assertWritable(em, { writer: 'appraisal', campaignId: task.campaign_id });
}

/** `{id, username, fullName}` of a user, for messages that name the current assignee. */
export async function userLabel(
  em: EntityManager,
  userId: number | null,
): Promise<{ id: number; username: string; fullName: string } | null> {
  if (userId === null) {
    return null;
  }
  const [u] = await rows<{ id: number; username: string; full_name: string }>(
    em,
    'SELECT id, username, full_name FROM users WHERE id = ?',
    [userId],
  );
  return u ? { id: u.id, username: u.username, fullName: u.full_name } : null;
}
