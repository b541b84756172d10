/**
 * The appraisal task aggregate's SQL (appraisal_tasks with their candidates, comments, conflict-of-interest
 * confirmations and audit history): the one place the inbox and appraisal features read or write these tables.
 * Visibility is a predicate of the query (visibleTasks in task-access.ts): a task outside it is not found.
 */
import { rows, write } from '@lib/database';
import { lockSheetRow } from '@lib/workflow';
import type { EntityManager } from 'typeorm';

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
  /** The campaign's year: the assessment year the rules' suggestions are computed for. */
  campaign_year: number;
}

const TASK_COLUMNS = `t.id, t.campaign_id, t.sheet_id, t.unit_id, t.content_area, t.state, t.version, t.snapshot,
            t.assignee_user_id, t.original_assignee_user_id, t.due_at, t.follow_up_at, t.conflict_of_interest,
            t.confirmer_organisation_id, t.completed_at`;

/**
 * The task if it satisfies the visibility predicate (alias `t`). With `lock` (a task write) the locks are taken in
 * the order every write of a unit's sheet, its tasks and its clarifications uses — the sheet row, then the task
 * row, both FOR UPDATE — and the task is the latest committed row. The campaign row is not locked here: one
 * `… JOIN campaigns … FOR UPDATE` would lock it exclusively too (MariaDB has no `FOR UPDATE OF t`), and every
 * claim, score and completion of a province would queue on it and hold up every save and submit at the phase gate
 * (docs/topology.md §5). The phase gate's share lock is what a task write holds of its campaign.
 */
export async function findTask(
  em: EntityManager,
  id: number,
  scope: { sql: string; params: unknown[] },
  lock: boolean,
): Promise<TaskRow | undefined> {
  const [task] = await rows<TaskRow>(
    em,
    `SELECT ${TASK_COLUMNS}, c.timezone, c.authority_id, c.year AS campaign_year
       FROM appraisal_tasks t JOIN campaigns c ON c.id = t.campaign_id
      WHERE t.id = ? AND ${scope.sql}`,
    [id, ...scope.params],
  );
  if (!task || !lock) {
    return task;
  }
  // The sheet a task belongs to never changes: its id from the unlocked read is the row to lock first.
  await lockSheetRow(em, task.sheet_id);
  const [latest] = await rows<Omit<TaskRow, 'timezone' | 'authority_id' | 'campaign_year'>>(
    em,
    `SELECT ${TASK_COLUMNS} FROM appraisal_tasks t WHERE t.id = ? FOR UPDATE`,
    [id],
    { prepared: true },
  );
  return latest && { ...task, ...latest };
}

/** The task's state as last committed (undefined for a missing task), outside any lock. */
export async function taskState(em: EntityManager, id: number): Promise<string | undefined> {
  const [row] = await rows<{ state: string }>(em, 'SELECT state FROM appraisal_tasks WHERE id = ?', [id]);
  return row?.state;
}

/** The sheet and content area a task appraises (they never change after the task is created). */
export async function taskSubject(em: EntityManager, id: number): Promise<{ sheetId: number; contentArea: string }> {
  const [row] = await rows<{ sheet_id: number; content_area: string }>(
    em,
    'SELECT sheet_id, content_area FROM appraisal_tasks WHERE id = ?',
    [id],
  );
  return { sheetId: row.sheet_id, contentArea: row.content_area };
}

/**
 * The names a person reads for a task: its unit and its content area (the area's code when the campaign has no
 * name for it). A separate read, not a join in findTask: that one locks FOR UPDATE, and joining content_areas
 * there would make every task of an area queue on the area's row.
 */
export async function taskNames(
  em: EntityManager,
  task: { unit_id: number; campaign_id: number; content_area: string },
): Promise<{ unitName: string; contentAreaName: string }> {
  const [row] = await rows<{ unit_name: string; content_area_name: string | null }>(
    em,
    `SELECT u.name AS unit_name, ca.name AS content_area_name
       FROM units u LEFT JOIN content_areas ca ON ca.campaign_id = ? AND ca.code = ?
      WHERE u.id = ?`,
    [task.campaign_id, task.content_area, task.unit_id],
  );
  return { unitName: row?.unit_name ?? '', contentAreaName: row?.content_area_name ?? task.content_area };
}

export async function isCandidate(em: EntityManager, taskId: number, organisationId: number): Promise<boolean> {
  const found = await rows<{ one: number }>(
    em,
    'SELECT 1 AS one FROM appraisal_task_candidates WHERE task_id = ? AND organisation_id = ?',
    [taskId, organisationId],
  );
  return found.length > 0;
}

export async function setCompletedAt(em: EntityManager, taskId: number, at: Date): Promise<void> {
  await write(em, 'UPDATE appraisal_tasks SET completed_at = ? WHERE id = ?', [at, taskId]);
}

/**
 * Locks the task's sheet, then every task of the sheet FOR UPDATE, in id order, when the task satisfies the
 * visibility predicate (alias `t`; nothing is locked otherwise and the caller's own locking read answers 404). The
 * ids are read first, then locked by primary key: record locks only, so no gap of the sheet index is held and
 * routing's inserts of other sheets' tasks never wait for it. The sheet first, as every write of the sheet's tasks
 * locks it (findTask); the tasks in id order, so a completion and a task write of the worker (which locks its task
 * alone) queue instead of each holding the row the other wants.
 */
export async function lockTasksOfSheet(
  em: EntityManager,
  taskId: number,
  scope: { sql: string; params: unknown[] },
): Promise<void> {
  const found = await rows<{ id: number; sheet_id: number }>(
    em,
    `SELECT s.id, s.sheet_id FROM appraisal_tasks t JOIN appraisal_tasks s ON s.sheet_id = t.sheet_id
      WHERE t.id = ? AND ${scope.sql} ORDER BY s.id`,
    [taskId, ...scope.params],
  );
  if (found.length > 0) {
    await lockSheetRow(em, found[0].sheet_id);
    await rows(
      em,
      `SELECT id FROM appraisal_tasks WHERE id IN (${found.map(() => '?').join(', ')}) ORDER BY id FOR UPDATE`,
      found.map((r) => r.id),
    );
  }
}

/**
 * Tasks of the sheet not completed yet. A locking (shared) read: it sees siblings completed by transactions
 * that committed while the caller waited for the sheet row.
 */
export async function countUnfinishedTasksOfSheet(em: EntityManager, sheetId: number): Promise<number> {
  const [open] = await rows<{ n: number | string }>(
    em,
    "SELECT COUNT(*) AS n FROM appraisal_tasks WHERE sheet_id = ? AND state <> 'completed' LOCK IN SHARE MODE",
    [sheetId],
  );
  return Number(open.n);
}

export async function setTaskDates(em: EntityManager, taskId: number, dueAt: Date, followUpAt: Date | null) {
  await write(em, 'UPDATE appraisal_tasks SET due_at = ?, follow_up_at = ? WHERE id = ?', [dueAt, followUpAt, taskId]);
}

export async function setAssignee(
  em: EntityManager,
  taskId: number,
  assignee: number | null,
  original: number | null,
): Promise<void> {
  await write(em, 'UPDATE appraisal_tasks SET assignee_user_id = ?, original_assignee_user_id = ? WHERE id = ?', [
    assignee,
    original,
    taskId,
  ]);
}

/** A conflict-of-interest confirmation of the task's scores. */
export interface TaskConfirmation {
  userId: number;
  note: string | null;
  confirmedAt: Date;
}

export async function findConfirmation(em: EntityManager, taskId: number): Promise<TaskConfirmation | undefined> {
  const [row] = await rows<{ user_id: number; note: string | null; confirmed_at: Date }>(
    em,
    'SELECT user_id, note, confirmed_at FROM appraisal_task_confirmations WHERE task_id = ?',
    [taskId],
  );
  return row && { userId: row.user_id, note: row.note, confirmedAt: new Date(row.confirmed_at) };
}

/** Records the confirmation; false when the task was already confirmed (the first one stands). */
export async function insertConfirmation(
  em: EntityManager,
  taskId: number,
  userId: number,
  note: string | null,
): Promise<boolean> {
  const inserted = await write(
    em,
    'INSERT IGNORE INTO appraisal_task_confirmations (task_id, user_id, note) VALUES (?, ?, ?)',
    [taskId, userId, note],
  );
  return inserted.affectedRows === 1;
}

export async function insertComment(
  em: EntityManager,
  taskId: number,
  authorUserId: number,
  body: string,
  at: Date,
): Promise<number> {
  const inserted = await write(
    em,
    'INSERT INTO appraisal_task_comments (task_id, author_user_id, body, created_at) VALUES (?, ?, ?, ?)',
    [taskId, authorUserId, body, at],
  );
  return inserted.insertId;
}

export interface TaskComment {
  id: number;
  body: string;
  createdAt: Date;
  author: { id: number; username: string; fullName: string };
}

export async function listComments(em: EntityManager, taskId: number): Promise<TaskComment[]> {
  const found = await rows<{
    id: number;
    body: string;
    created_at: Date;
    author_user_id: number;
    username: string;
    full_name: string;
  }>(
    em,
    `SELECT c.id, c.body, c.created_at, c.author_user_id, u.username, u.full_name
       FROM appraisal_task_comments c LEFT JOIN users u ON u.id = c.author_user_id
      WHERE c.task_id = ? ORDER BY c.id`,
    [taskId],
  );
  return found.map((c) => ({
    id: c.id,
    body: c.body,
    createdAt: new Date(c.created_at),
    author: { id: c.author_user_id, username: c.username, fullName: c.full_name },
  }));
}

/** An entry of the task's audit stream. */
export interface TaskHistoryEntry {
  seq: number;
  at: Date;
  actor: string;
  actorUserId: number | null;
  action: string;
  fromState: string | null;
  toState: string | null;
  data: Record<string, unknown>;
}

export async function taskHistory(em: EntityManager, taskId: number): Promise<TaskHistoryEntry[]> {
  const found = await rows<{
    seq: number;
    occurred_at: Date;
    actor: string;
    actor_user_id: number | null;
    action: string;
    from_state: string | null;
    to_state: string | null;
    data: string;
  }>(
    em,
    `SELECT seq, occurred_at, actor, actor_user_id, action, from_state, to_state, data
       FROM audit_log WHERE entity_type = 'appraisalTask' AND entity_id = ? ORDER BY seq`,
    [taskId],
  );
  return found.map((r) => ({
    seq: r.seq,
    at: new Date(r.occurred_at),
    actor: r.actor,
    actorUserId: r.actor_user_id,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    data: JSON.parse(r.data) as Record<string, unknown>,
  }));
}

/** A user of one of the task's candidate organisations (undefined when the user is not one). */
export async function candidateUser(
  em: EntityManager,
  taskId: number,
  userId: number,
): Promise<{ roles: string[]; active: boolean } | undefined> {
  const [target] = await rows<{ roles: string; active: number }>(
    em,
    `SELECT u.roles, u.active FROM users u
      WHERE u.id = ? AND u.organisation_id IN (SELECT organisation_id FROM appraisal_task_candidates WHERE task_id = ?)`,
    [userId, taskId],
  );
  return target && { roles: JSON.parse(target.roles) as string[], active: Boolean(Number(target.active)) };
}

/** The substitute named by the user's out-of-office entry in force at `at` (the newest one), if any. */
export async function substituteAt(em: EntityManager, userId: number, at: Date): Promise<number | undefined> {
  const [away] = await rows<{ substitute_user_id: number }>(
    em,
    'SELECT substitute_user_id FROM out_of_office WHERE user_id = ? AND starts_at <= ? AND ends_at > ? ORDER BY id DESC LIMIT 1',
    [userId, at, at],
  );
  return away?.substitute_user_id;
}
