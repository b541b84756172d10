/**
 * Clarification requests (giải trình, appraisal_clarifications): asked by an appraiser on leaves of a task,
 * answered by the sheet's unit. The one place that reads or writes the table, with one row type.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';
import type { ScopeSql } from './sheet.queries';

/** A clarification request (giải trình) as the unit answering it sees it. */
export interface ClarificationRow {
  id: number;
  task_id: number;
  sheet_id: number;
  round: number;
  criterion_codes: string;
  request: string;
  due_at: Date;
  status: string;
  answer: string | null;
  answer_evidence_ids: string | null;
  answered_at: Date | null;
}

const COLUMNS = `k.id, k.task_id, k.sheet_id, k.round, k.criterion_codes, k.request, k.due_at, k.status, k.answer,
  k.answer_evidence_ids, k.answered_at`;

/** A clarification whose sheet's unit is inside the scope (unit alias `unit`), else undefined. */
export async function findClarification(
  em: EntityManager,
  id: number,
  scope: ScopeSql,
): Promise<ClarificationRow | undefined> {
  const [found] = await rows<ClarificationRow>(
    em,
    `SELECT ${COLUMNS}
       FROM appraisal_clarifications k JOIN score_sheets s ON s.id = k.sheet_id JOIN units unit ON unit.id = s.unit_id
      WHERE k.id = ? AND ${scope.sql}`,
    [id, ...scope.values],
  );
  return found;
}

/** The clarification's status as it is now (read after its sheet row is locked). */
export async function clarificationStatus(em: EntityManager, id: number): Promise<string> {
  const [k] = await rows<{ status: string }>(em, 'SELECT status FROM appraisal_clarifications WHERE id = ?', [id]);
  return k.status;
}

/** Every clarification of the task, by round. */
export async function clarificationsOfTask(em: EntityManager, taskId: number): Promise<ClarificationRow[]> {
  return rows<ClarificationRow>(
    em,
    `SELECT ${COLUMNS} FROM appraisal_clarifications k WHERE k.task_id = ? ORDER BY k.round`,
    [taskId],
  );
}

/** Every clarification asked of the organisation's units (its officers answer them), by due date. */
export async function clarificationsOfOrganisation(
  em: EntityManager,
  organisationId: number,
  authorityId: number,
): Promise<ClarificationRow[]> {
  return rows<ClarificationRow>(
    em,
    `SELECT ${COLUMNS} FROM appraisal_clarifications k
       JOIN score_sheets s ON s.id = k.sheet_id JOIN units u ON u.id = s.unit_id
      WHERE u.organisation_id = ? AND u.authority_id = ? ORDER BY k.due_at, k.id`,
    [organisationId, authorityId],
  );
}

/** A clarification by id, outside any scope (the caller has already been authorised for it). */
export async function clarificationById(em: EntityManager, id: number): Promise<ClarificationRow> {
  const [k] = await rows<ClarificationRow>(em, `SELECT ${COLUMNS} FROM appraisal_clarifications k WHERE k.id = ?`, [
    id,
  ]);
  return k;
}

/** Leaves named in an answered or expired clarification of the task: they need a round-2 score. */
export async function clarifiedCodes(em: EntityManager, taskId: number): Promise<Set<string>> {
  const found = await rows<{ criterion_codes: string }>(
    em,
    "SELECT criterion_codes FROM appraisal_clarifications WHERE task_id = ? AND status IN ('answered', 'expired')",
    [taskId],
  );
  return new Set(found.flatMap((r) => JSON.parse(r.criterion_codes) as string[]));
}

export async function insertClarification(
  em: EntityManager,
  k: {
    taskId: number;
    sheetId: number;
    round: number;
    criterionCodes: readonly string[];
    request: string;
    dueAt: Date;
    requestedBy: number;
  },
): Promise<number> {
  const inserted = await write(
    em,
    `INSERT INTO appraisal_clarifications (task_id, sheet_id, round, criterion_codes, request, due_at, requested_by)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [k.taskId, k.sheetId, k.round, JSON.stringify(k.criterionCodes), k.request, k.dueAt, k.requestedBy],
  );
  return inserted.insertId;
}

export async function recordAnswer(
  em: EntityManager,
  id: number,
  answer: { text: string; evidenceIds: readonly number[]; by: number; at: Date },
): Promise<void> {
  await write(
    em,
    "UPDATE appraisal_clarifications SET status = 'answered', answer = ?, answer_evidence_ids = ?, answered_by = ?, answered_at = ? WHERE id = ?",
    [answer.text, JSON.stringify(answer.evidenceIds), answer.by, answer.at, id],
  );
}
