import { notFound } from '@lib/common';
import { assertWritable } from '@lib/workflow';
import type { EntityManager } from 'typeorm';
import { AUTHORITY_WIDE_ROLES } from '../common/unit-scope';
import type { SessionUser } from '../common/session-user';
import { findTask, lockTasksOfSheet, type TaskRow } from './task.queries';

/** States of a task that is not done yet. */
export const ACTIVE_STATES = ['open', 'claimed', 'inReview', 'awaitingClarification'] as const;

export function isAuthorityWide(user: SessionUser): boolean {
  return user.roles.some((r) => AUTHORITY_WIDE_ROLES.includes(r));
}

/**
 * Authorisation in the query (docs/ARCHITECTURE.md §invariant-6): which tasks (alias `t`) the caller may see.
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

/** The task if the caller may see it, else 404; `lock` locks its sheet, then the task, and reads it latest (findTask). */
export async function loadVisibleTask(
  em: EntityManager,
  user: SessionUser,
  id: number,
  options: { lock?: boolean } = {},
): Promise<TaskRow> {
  const task = await findTask(em, id, visibleTasks(user), options.lock ?? false);
  if (!task) {
    // Worded as the workflow runner words a task id nobody has: another authority's task must read the same.
    throw notFound('appraisalTask');
  }
  return task;
}

/**
 * A completion's first locks: its sheet, then every task of the sheet in id order, before its own task's locking
 * read. A completion ends by reading the sheet's other tasks with a lock (is it the last one?); a task write of
 * the worker (a clarification's due date) locks its own task alone. With the siblings locked first, in id order,
 * that write waits for the completion or the completion for it, never each for the other (a 409
 * CONCURRENT_UPDATE in the deadline-day load test before, issue 19). Writes through the api queue on the sheet row.
 * In the runner (which reads the instance before this), so the unlocked read of the ids changes no snapshot.
 */
export async function lockTasksOfSheetOf(em: EntityManager, user: SessionUser, taskId: number): Promise<void> {
  await lockTasksOfSheet(em, taskId, visibleTasks(user));
}

/**
 * Every task write asks the phase gate for the appraisal window (database clock): refused with 423 naming the
 * instant once its deadline passed or the secretariat closed it early.
 */
export async function assertAppraisalOpen(em: EntityManager, task: Pick<TaskRow, 'campaign_id'>): Promise<void> {
  await assertWritable(em, { writer: 'appraisal', campaignId: task.campaign_id });
}
