/**
 * Routing's SQL: the submitted sheet it routes (locked), the appraisal tasks and candidates it creates, the
 * campaign's content-area appraisers and conflict-of-interest confirmers, and expiring a clarification.
 */
import { rows, write } from '@lib/database';
import { lockSheetRow } from '@lib/workflow';
import type { EntityManager } from 'typeorm';

/** A submitted sheet with what routing needs: its unit, criteria set definition and campaign plan and snapshot. */
export interface SheetRow {
  id: number;
  campaign_id: number;
  unit_id: number;
  unit_code: string;
  unit_organisation_id: number;
  authority_id: number;
  definition: string;
  plan: string;
  campaign_snapshot: string;
}

/**
 * Locks the sheet (concurrent runs for one sheet serialise here) and reads what routing needs. The sheet row alone
 * is locked FOR UPDATE; its unit, criteria set and campaign are then read in share mode. One `… JOIN … FOR UPDATE`
 * would lock them all exclusively: the province's campaign row and its one criteria set while the tasks are
 * created, and every save and submit of the province would wait for them at the phase gate (docs/topology.md §5).
 * In share mode an appraisal deadline change (which locks the campaign row for update, then moves the open tasks'
 * due dates) still waits for the tasks being created here, or this run waits for it and reads the new deadline.
 */
export async function lockRoutedSheet(em: EntityManager, sheetId: number): Promise<SheetRow | undefined> {
  if (!(await lockSheetRow(em, sheetId))) {
    return undefined;
  }
  const [sheet] = await rows<SheetRow>(
    em,
    `SELECT s.id, s.campaign_id, s.unit_id, u.code AS unit_code, u.organisation_id AS unit_organisation_id,
            u.authority_id, cs.definition, c.plan, c.snapshot AS campaign_snapshot
       FROM score_sheets s
       JOIN units u ON u.id = s.unit_id
       JOIN criteria_sets cs ON cs.id = s.criteria_set_id
       JOIN campaigns c ON c.id = s.campaign_id
      WHERE s.id = ? LOCK IN SHARE MODE`,
    [sheetId],
  );
  return sheet;
}

/** The leaf codes the secretariat marked not applicable to the unit in the campaign. */
export async function notApplicableCodes(em: EntityManager, campaignId: number, unitId: number): Promise<Set<string>> {
  const found = await rows<{ criterion_code: string }>(
    em,
    'SELECT criterion_code FROM not_applicable_criteria WHERE campaign_id = ? AND unit_id = ?',
    [campaignId, unitId],
  );
  return new Set(found.map((r) => r.criterion_code));
}

/** Creates the task unless the business key (sheet, content area) holds one already; its id, else undefined. */
export async function insertTask(
  em: EntityManager,
  t: {
    campaignId: number;
    sheetId: number;
    unitId: number;
    contentArea: string;
    columns: { machine_id: string; machine_version: number; state: string; snapshot: string; version: number };
    dueAt: Date;
    followUpAt: Date | null;
    conflictOfInterest: boolean;
    confirmerOrganisationId: number | null;
  },
): Promise<number | undefined> {
  const inserted = await write(
    em,
    `INSERT IGNORE INTO appraisal_tasks
       (campaign_id, sheet_id, unit_id, content_area, machine_id, machine_version, state, snapshot, version,
        due_at, follow_up_at, conflict_of_interest, confirmer_organisation_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      t.campaignId,
      t.sheetId,
      t.unitId,
      t.contentArea,
      t.columns.machine_id,
      t.columns.machine_version,
      t.columns.state,
      t.columns.snapshot,
      t.columns.version,
      t.dueAt,
      t.followUpAt,
      t.conflictOfInterest ? 1 : 0,
      t.confirmerOrganisationId,
    ],
  );
  return inserted.affectedRows === 1 ? inserted.insertId : undefined;
}

export async function insertCandidates(em: EntityManager, taskId: number, organisationIds: readonly number[]) {
  await write(
    em,
    `INSERT IGNORE INTO appraisal_task_candidates (task_id, organisation_id) VALUES ${organisationIds.map(() => '(?, ?)').join(', ')}`,
    organisationIds.flatMap((org) => [taskId, org]),
  );
}

export async function taskSubject(
  em: EntityManager,
  taskId: number,
): Promise<{ sheet_id: number; content_area: string } | undefined> {
  const [task] = await rows<{ sheet_id: number; content_area: string }>(
    em,
    'SELECT sheet_id, content_area FROM appraisal_tasks WHERE id = ?',
    [taskId],
  );
  return task;
}

/** Marks the task's open clarification of that round expired; false when there was none open. */
export async function expireOpenClarification(em: EntityManager, taskId: number, round: number): Promise<boolean> {
  const updated = await write(
    em,
    "UPDATE appraisal_clarifications SET status = 'expired' WHERE task_id = ? AND round = ? AND status = 'open'",
    [taskId, round],
  );
  return updated.affectedRows === 1;
}

export async function contentAreaAppraisers(
  em: EntityManager,
  campaignId: number,
): Promise<{ content_area: string; organisation_id: number }[]> {
  return rows<{ content_area: string; organisation_id: number }>(
    em,
    'SELECT content_area, organisation_id FROM content_area_appraisers WHERE campaign_id = ? ORDER BY id',
    [campaignId],
  );
}

/** The authority's organisation with the code, else (no code given) its secretariat. */
export async function confirmingOrganisation(
  em: EntityManager,
  authorityId: number,
  code: string | null,
): Promise<number | undefined> {
  const [primary] = await rows<{ id: number }>(
    em,
    `SELECT id FROM organisations WHERE authority_id = ? AND (code = ? OR (? IS NULL AND kind = 'secretariat'))
      ORDER BY code = ? DESC, id LIMIT 1`,
    [authorityId, code, code, code],
  );
  return primary?.id;
}

/** Another organisation than `exceptId`: the one with the code, else the council. */
export async function fallbackConfirmer(
  em: EntityManager,
  authorityId: number,
  exceptId: number,
  code: string,
): Promise<number | undefined> {
  const [second] = await rows<{ id: number }>(
    em,
    `SELECT id FROM organisations WHERE authority_id = ? AND id <> ? AND (code = ? OR kind = 'council')
      ORDER BY code = ? DESC, id LIMIT 1`,
    [authorityId, exceptId, code, code],
  );
  return second?.id;
}
