/**
 * The score sheet aggregate's SQL (score_sheets and their score_entries; clarifications: clarification.queries.ts,
 * documents: evidence/evidence.queries.ts): the one place that reads or writes these tables for the sheets feature, each read with its typed
 * row mapping. Scope predicates come from the caller (unit-scope.ts), so a row outside the caller's scope is
 * simply not found.
 */
import type { RuleInput } from '@lib/criteria';
import { rows, write } from '@lib/database';
import type { PersistedSnapshot } from '@lib/workflow';
import type { EntityManager } from 'typeorm';

/** A scope predicate with positional placeholders (see toPositional in unit-scope.ts). */
export interface ScopeSql {
  sql: string;
  values: number[];
}

/** A score sheet with its campaign, unit and the criteria set version it is scored against. */
export interface SheetRecord {
  id: number;
  campaignId: number;
  unitId: number;
  criteriaSetId: number;
  state: string;
  snapshot: PersistedSnapshot;
  version: number;
  submittedAt: Date | null;
  timezone: string;
  campaignYear: number;
  campaignCode: string;
  campaignName: string;
  unitCode: string;
  unitName: string;
  unitGroup: string;
  setCode: string;
  setVersion: number;
}

interface RawSheet {
  id: number;
  campaign_id: number;
  unit_id: number;
  criteria_set_id: number;
  state: string;
  snapshot: string;
  version: number;
  submitted_at: Date | null;
  timezone: string;
  campaign_year: number;
  campaign_code: string;
  campaign_name: string;
  unit_code: string;
  unit_name: string;
  unit_group: string;
  set_code: string;
  set_version: number;
}

const SELECT_SHEET = `
  SELECT s.id, s.campaign_id, s.unit_id, s.criteria_set_id, s.state, s.snapshot, s.version, s.submitted_at,
         c.timezone, c.year AS campaign_year, c.code AS campaign_code, c.name AS campaign_name,
         unit.code AS unit_code, unit.name AS unit_name, unit.unit_group,
         cs.code AS set_code, cs.version AS set_version
    FROM score_sheets s
    JOIN campaigns c ON c.id = s.campaign_id
    JOIN units unit ON unit.id = s.unit_id
    JOIN criteria_sets cs ON cs.id = s.criteria_set_id`;

function toSheet(r: RawSheet): SheetRecord {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    unitId: r.unit_id,
    criteriaSetId: r.criteria_set_id,
    state: r.state,
    snapshot: JSON.parse(r.snapshot) as PersistedSnapshot,
    version: r.version,
    submittedAt: r.submitted_at,
    timezone: r.timezone,
    campaignYear: r.campaign_year,
    campaignCode: r.campaign_code,
    campaignName: r.campaign_name,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    unitGroup: r.unit_group,
    setCode: r.set_code,
    setVersion: r.set_version,
  };
}

/** The sheet if it is inside the scope (unit alias `unit`), else undefined. */
export async function findSheet(em: EntityManager, id: number, scope: ScopeSql): Promise<SheetRecord | undefined> {
  const [raw] = await rows<RawSheet>(em, `${SELECT_SHEET} WHERE s.id = ? AND ${scope.sql}`, [id, ...scope.values]);
  return raw && toSheet(raw);
}

/**
 * Locks the sheet row FOR UPDATE (the order every sheet write uses: the sheet first) and returns its machine
 * columns as they are now.
 */
export async function lockSheet(
  em: EntityManager,
  id: number,
): Promise<Pick<SheetRecord, 'state' | 'snapshot' | 'version'>> {
  const [locked] = await rows<{ state: string; snapshot: string; version: number }>(
    em,
    'SELECT state, snapshot, version FROM score_sheets WHERE id = ? FOR UPDATE',
    [id],
  );
  return { state: locked.state, snapshot: JSON.parse(locked.snapshot) as PersistedSnapshot, version: locked.version };
}

/** A sheet in a list: its campaign and unit, state, deadline snapshot and totals. */
export interface SheetSummaryRecord {
  id: number;
  campaignId: number;
  campaignName: string;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitGroup: string;
  state: string;
  version: number;
  submittedAt: Date | null;
  snapshot: PersistedSnapshot;
  maxMilli: number;
  selfMilli: number;
}

/** The sheets inside the scope (of one campaign if named), newest campaign first, then by unit group and code. */
export async function listSheets(
  em: EntityManager,
  scope: ScopeSql,
  campaignId?: number,
): Promise<SheetSummaryRecord[]> {
  const found = await rows<{
    id: number;
    campaign_id: number;
    campaign_name: string;
    unit_id: number;
    unit_code: string;
    unit_name: string;
    unit_group: string;
    state: string;
    version: number;
    submitted_at: Date | null;
    snapshot: string;
    max_milli: number;
    self_milli: number | string;
  }>(
    em,
    `SELECT s.id, s.campaign_id, c.name AS campaign_name, s.unit_id, unit.code AS unit_code, unit.name AS unit_name,
            unit.unit_group, s.state, s.version, s.submitted_at, s.snapshot, cs.max_milli,
            (SELECT COALESCE(SUM(e.self_milli), 0) FROM score_entries e WHERE e.sheet_id = s.id) AS self_milli
       FROM score_sheets s
       JOIN campaigns c ON c.id = s.campaign_id
       JOIN units unit ON unit.id = s.unit_id
       JOIN criteria_sets cs ON cs.id = s.criteria_set_id
      WHERE ${scope.sql} ${campaignId ? 'AND s.campaign_id = ?' : ''}
      ORDER BY c.year DESC, s.campaign_id DESC, unit.unit_group, unit.code`,
    [...scope.values, ...(campaignId ? [campaignId] : [])],
  );
  return found.map((r) => ({
    id: r.id,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    unitId: r.unit_id,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    unitGroup: r.unit_group,
    state: r.state,
    version: r.version,
    submittedAt: r.submitted_at,
    snapshot: JSON.parse(r.snapshot) as PersistedSnapshot,
    maxMilli: r.max_milli,
    selfMilli: Number(r.self_milli),
  }));
}

/** Whether the unit belongs to the caller's own organisation (in the caller's authority). */
export async function isUnitOfOrganisation(
  em: EntityManager,
  unitId: number,
  organisationId: number,
  authorityId: number,
): Promise<boolean> {
  const [row] = await rows<{ id: number }>(
    em,
    'SELECT id FROM units WHERE id = ? AND organisation_id = ? AND authority_id = ?',
    [unitId, organisationId, authorityId],
  );
  return row !== undefined;
}

export async function setSubmittedAt(em: EntityManager, sheetId: number, at: Date): Promise<void> {
  await write(em, 'UPDATE score_sheets SET submitted_at = ? WHERE id = ?', [at, sheetId]);
}

/** The generation of the sheet's stored self-assessment deadline row (undefined when none is stored). */
export async function selfAssessmentDeadlineGeneration(
  em: EntityManager,
  sheetId: number,
): Promise<number | undefined> {
  const [row] = await rows<{ generation: number }>(
    em,
    "SELECT generation FROM deadlines WHERE subject_type = 'scoreSheet' AND subject_id = ? AND phase = 'selfAssessment'",
    [sheetId],
  );
  return row?.generation;
}

/** A sheet's stored scores for one leaf: the unit's self score and the appraisal and council columns. */
export interface StoredEntry {
  code: string;
  selfMilli: number | null;
  selfInputs: RuleInput | null;
  explanation: string | null;
  round1Milli: number | null;
  round1Comment: string | null;
  round2Milli: number | null;
  round2Comment: string | null;
  councilMilli: number | null;
  councilReason: string | null;
}

export async function loadEntries(em: EntityManager, sheetId: number): Promise<Map<string, StoredEntry>> {
  const found = await rows<{
    criterion_code: string;
    self_milli: number | null;
    self_inputs: string | null;
    explanation: string | null;
    appraised_r1_milli: number | null;
    appraised_r1_comment: string | null;
    appraised_r2_milli: number | null;
    appraised_r2_comment: string | null;
    council_milli: number | null;
    council_reason: string | null;
  }>(
    em,
    `SELECT criterion_code, self_milli, self_inputs, explanation, appraised_r1_milli, appraised_r1_comment,
            appraised_r2_milli, appraised_r2_comment, council_milli, council_reason
       FROM score_entries WHERE sheet_id = ?`,
    [sheetId],
  );
  return new Map(
    found.map((r) => [
      r.criterion_code,
      {
        code: r.criterion_code,
        selfMilli: r.self_milli,
        selfInputs: r.self_inputs ? (JSON.parse(r.self_inputs) as RuleInput) : null,
        explanation: r.explanation,
        round1Milli: r.appraised_r1_milli,
        round1Comment: r.appraised_r1_comment,
        round2Milli: r.appraised_r2_milli,
        round2Comment: r.appraised_r2_comment,
        councilMilli: r.council_milli,
        councilReason: r.council_reason,
      },
    ]),
  );
}

/** Rows per INSERT statement: far above any real set (≈ 100 leaves), bounded for absurd payloads. */
const UPSERT_CHUNK = 1000;

/** A validated self score of one leaf, as the unit saves it. */
export interface SelfEntryWrite {
  code: string;
  selfMilli: number | null;
  inputs?: RuleInput | null;
  explanation: string | null;
}

/** One multi-row INSERT … ON DUPLICATE KEY UPDATE for the whole batch (chunked only beyond 1,000 rows). */
export async function upsertSelfEntries(
  em: EntityManager,
  sheetId: number,
  entries: readonly SelfEntryWrite[],
  userId: number,
): Promise<void> {
  for (let i = 0; i < entries.length; i += UPSERT_CHUNK) {
    const chunk = entries.slice(i, i + UPSERT_CHUNK);
    await write(
      em,
      `INSERT INTO score_entries (sheet_id, criterion_code, self_milli, self_inputs, explanation, updated_by)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE self_milli = VALUES(self_milli), self_inputs = VALUES(self_inputs),
                               explanation = VALUES(explanation), updated_by = VALUES(updated_by)`,
      chunk.flatMap((e) => [
        sheetId,
        e.code,
        e.selfMilli,
        e.inputs ? JSON.stringify(e.inputs) : null,
        e.explanation,
        userId,
      ]),
    );
  }
}

/** An appraiser's score of one leaf in round 1 or round 2 (after a clarification), with its comment. */
export async function upsertAppraisedScore(
  em: EntityManager,
  sheetId: number,
  score: { code: string; milli: number; comment: string | null; round: 1 | 2 },
  userId: number,
): Promise<void> {
  const [points, comment] =
    score.round === 2 ? ['appraised_r2_milli', 'appraised_r2_comment'] : ['appraised_r1_milli', 'appraised_r1_comment'];
  await write(
    em,
    `INSERT INTO score_entries (sheet_id, criterion_code, ${points}, ${comment}, updated_by) VALUES (?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE ${points} = VALUES(${points}), ${comment} = VALUES(${comment}), updated_by = VALUES(updated_by)`,
    [sheetId, score.code, score.milli, score.comment, userId],
  );
}

/** Inside the caller's transaction: a leaf's appraisal and council scores, locked (undefined when never scored). */
export async function lockLeafScores(
  em: EntityManager,
  sheetId: number,
  code: string,
): Promise<{ round1: number | null; round2: number | null; council: number | null } | undefined> {
  const [entry] = await rows<{ r1: number | null; r2: number | null; co: number | null }>(
    em,
    'SELECT appraised_r1_milli AS r1, appraised_r2_milli AS r2, council_milli AS co FROM score_entries WHERE sheet_id = ? AND criterion_code = ? FOR UPDATE',
    [sheetId, code],
  );
  return entry && { round1: entry.r1, round2: entry.r2, council: entry.co };
}

/** The ids of the campaign's sheets in a state, in id order. */
export async function sheetIdsInState(em: EntityManager, campaignId: number, state: string): Promise<number[]> {
  const found = await rows<{ id: number }>(
    em,
    'SELECT id FROM score_sheets WHERE campaign_id = ? AND state = ? ORDER BY id',
    [campaignId, state],
  );
  return found.map((r) => r.id);
}

/** The council's score of one leaf and its reason (final = council ?? round 2 ?? round 1). */
export async function upsertCouncilScore(
  em: EntityManager,
  sheetId: number,
  score: { code: string; milli: number; reason: string },
  userId: number,
): Promise<void> {
  await write(
    em,
    `INSERT INTO score_entries (sheet_id, criterion_code, council_milli, council_reason, updated_by) VALUES (?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE council_milli = VALUES(council_milli), council_reason = VALUES(council_reason), updated_by = VALUES(updated_by)`,
    [sheetId, score.code, score.milli, score.reason, userId],
  );
}
