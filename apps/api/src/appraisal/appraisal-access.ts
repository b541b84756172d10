/** What every write of an appraisal task checks first, shared by the score and clarification services. */
import { leaves, type CriterionNode } from '@lib/criteria';
import type { EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { definitionOf, findCriteriaSetOfSheet } from '../criteria/criteria-set.queries';
import { notApplicableOf } from '../criteria/not-applicable.queries';
import { assertAppraisalOpen, loadVisibleTask } from '../inbox/task-access';
import { TaskErrors } from '../inbox/task.errors';
import type { TaskRow } from '../inbox/task.queries';
import { lockSheet } from '../sheets/sheet.queries';

export function assertAssignee(task: TaskRow, user: SessionUser): void {
  if (task.assignee_user_id !== user.id) {
    throw TaskErrors.notAssignee(null);
  }
}

/**
 * In a write transaction: the task through the caller's scope (404), locked, then its sheet (the order every
 * task write takes: task row, then sheet row); the caller must be the assignee and the appraisal phase open.
 */
export async function lockAppraisable(em: EntityManager, user: SessionUser, taskId: number): Promise<TaskRow> {
  const task = await loadVisibleTask(em, user, taskId, { lock: true });
  await lockSheet(em, task.sheet_id);
  assertAssignee(task, user);
  await assertAppraisalOpen(em, task);
  return task;
}

/**
 * The leaves of the task's content area in the criteria set its sheet is scored against, by code — without those
 * the secretariat marked not applicable to the unit: they leave its maximum, so nobody appraises them (the task
 * does not show them, a score for one is an unknown leaf, completing does not wait for them).
 */
export async function areaLeaves(
  em: EntityManager,
  task: Pick<TaskRow, 'sheet_id' | 'content_area' | 'campaign_id' | 'unit_id'>,
): Promise<Map<string, CriterionNode>> {
  const all = leaves(definitionOf((await findCriteriaSetOfSheet(em, task.sheet_id))!));
  const notApplicable = await notApplicableOf(em, task.campaign_id, task.unit_id);
  return new Map(
    all.filter((l) => l.contentArea === task.content_area && !notApplicable.has(l.code)).map((l) => [l.code, l]),
  );
}
