/**
 * The campaign aggregate's SQL (campaigns and the units taking part in one): the one place that reads a
 * campaign row, with one row mapping. Authorisation is in the query: a campaign of another authority is not
 * found (404), like a missing id.
 */
import { planOf, type CampaignPlan } from '@lib/criteria';
import { rows, write } from '@lib/database';
import type { PersistedSnapshot } from '@lib/workflow';
import type { EntityManager } from 'typeorm';

export interface CampaignRecord {
  id: number;
  authorityId: number;
  code: string;
  name: string;
  year: number;
  timezone: string;
  /** The machine state as stored; the phase gate's facts (readCampaignFacts) are the answer for writes. */
  state: string;
  version: number;
  /** The plan frozen on the campaign; null for campaigns made without one (tests, imports). */
  plan: CampaignPlan | null;
  snapshot: PersistedSnapshot;
  createdAt: Date;
}

interface RawCampaign {
  id: number;
  authority_id: number;
  code: string;
  name: string;
  year: number;
  timezone: string;
  state: string;
  version: number;
  plan: string | CampaignPlan;
  snapshot: string | PersistedSnapshot;
  created_at: Date;
}

/** JSON columns arrive as text from MariaDB and parsed from MySQL. */
function json<T>(value: string | T): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

function toCampaign(r: RawCampaign): CampaignRecord {
  return {
    id: r.id,
    authorityId: r.authority_id,
    code: r.code,
    name: r.name,
    year: r.year,
    timezone: r.timezone,
    state: r.state,
    version: r.version,
    plan: planOf(r.plan),
    snapshot: json(r.snapshot),
    createdAt: new Date(r.created_at),
  };
}

const SELECT_CAMPAIGN =
  'SELECT id, authority_id, code, name, year, timezone, state, version, plan, snapshot, created_at FROM campaigns';

/** The campaign (of the given authority when one is named), else undefined. */
export async function findCampaign(
  em: EntityManager,
  id: number,
  authorityId?: number,
): Promise<CampaignRecord | undefined> {
  const [raw] = await rows<RawCampaign>(
    em,
    `${SELECT_CAMPAIGN} WHERE id = ?${authorityId === undefined ? '' : ' AND authority_id = ?'}`,
    authorityId === undefined ? [id] : [id, authorityId],
  );
  return raw && toCampaign(raw);
}

/** Whether the campaign exists in the authority (the authorisation check of admin reads). */
export async function campaignExists(em: EntityManager, id: number, authorityId: number): Promise<boolean> {
  const [raw] = await rows<{ id: number }>(em, 'SELECT id FROM campaigns WHERE id = ? AND authority_id = ?', [
    id,
    authorityId,
  ]);
  return raw !== undefined;
}

/** Locks the campaign row FOR UPDATE: writers of one campaign (publication, corrections) queue behind it. */
export async function lockCampaignRow(em: EntityManager, id: number): Promise<void> {
  await rows(em, 'SELECT id FROM campaigns WHERE id = ? FOR UPDATE', [id]);
}

/** How many campaigns exist at all (bootstrap seeds only an empty database). */
export async function countCampaigns(em: EntityManager): Promise<number> {
  const [{ n }] = await rows<{ n: number | string }>(em, 'SELECT COUNT(*) AS n FROM campaigns');
  return Number(n);
}

/** The campaign ids of an authority, newest year first. */
export async function listCampaignIds(em: EntityManager, authorityId: number): Promise<number[]> {
  const found = await rows<{ id: number }>(
    em,
    'SELECT id FROM campaigns WHERE authority_id = ? ORDER BY year DESC, id DESC',
    [authorityId],
  );
  return found.map((r) => r.id);
}

/** A unit taking part in a campaign: its group, criteria set version and score sheet. */
export interface CampaignUnitRecord {
  unitId: number;
  unitCode: string;
  unitName: string;
  unitGroup: string;
  setId: number;
  setCode: string;
  setVersion: number;
  setTitle: string;
  sheetId: number;
  sheetState: string;
  submittedAt: Date | null;
  sheetSnapshot: PersistedSnapshot;
}

export async function listCampaignUnits(em: EntityManager, campaignId: number): Promise<CampaignUnitRecord[]> {
  const found = await rows<{
    unit_id: number;
    unit_code: string;
    unit_name: string;
    unit_group: string;
    set_id: number;
    set_code: string;
    set_version: number;
    set_title: string;
    sheet_id: number;
    state: string;
    submitted_at: Date | null;
    snapshot: string;
  }>(
    em,
    `SELECT u.id AS unit_id, u.code AS unit_code, u.name AS unit_name, cu.unit_group,
            cs.id AS set_id, cs.code AS set_code, cs.version AS set_version, cs.title AS set_title,
            s.id AS sheet_id, s.state, s.submitted_at, s.snapshot
       FROM campaign_units cu
       JOIN units u ON u.id = cu.unit_id
       JOIN criteria_sets cs ON cs.id = cu.criteria_set_id
       JOIN score_sheets s ON s.campaign_id = cu.campaign_id AND s.unit_id = cu.unit_id
      WHERE cu.campaign_id = ?
      ORDER BY cu.unit_group, u.name, u.id`,
    [campaignId],
  );
  return found.map((r) => ({
    unitId: r.unit_id,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    unitGroup: r.unit_group,
    setId: r.set_id,
    setCode: r.set_code,
    setVersion: r.set_version,
    setTitle: r.set_title,
    sheetId: r.sheet_id,
    sheetState: r.state,
    submittedAt: r.submitted_at ? new Date(r.submitted_at) : null,
    sheetSnapshot: JSON.parse(r.snapshot) as PersistedSnapshot,
  }));
}

/** Sheets still open to a campaign-wide self-assessment extension, with their stored deadline generation. */
export async function sheetsToExtend(
  em: EntityManager,
  campaignId: number,
): Promise<{ id: number; generation: number | null }[]> {
  return rows<{ id: number; generation: number | null }>(
    em,
    `SELECT s.id, d.generation FROM score_sheets s
       LEFT JOIN deadlines d ON d.subject_type = 'scoreSheet' AND d.subject_id = s.id AND d.phase = 'selfAssessment'
      WHERE s.campaign_id = ? AND s.state IN ('draft', 'locked')`,
    [campaignId],
  );
}

/**
 * A phase extension moves the open appraisal tasks that follow the phase deadline (due at the old instant, or
 * after the new one when the phase is shortened), in the extension's own transaction, so a task never shows a
 * deadline the phase no longer has. The follow-up date keeps its distance to the due date; a due date a
 * supervisor set earlier stays theirs. Completed tasks keep the deadline they met. Returns the rows moved.
 */
export async function moveOpenTaskDeadlines(
  em: EntityManager,
  campaignId: number,
  from: Date,
  to: Date,
): Promise<number> {
  const result = await write(
    em,
    `UPDATE appraisal_tasks
        SET follow_up_at = IF(follow_up_at IS NULL, NULL,
                              LEAST(?, TIMESTAMPADD(MICROSECOND, TIMESTAMPDIFF(MICROSECOND, due_at, ?), follow_up_at))),
            due_at = ?
      WHERE campaign_id = ? AND state <> 'completed' AND (due_at = ? OR due_at > ?)`,
    [to, to, to, campaignId, from, to],
  );
  return result.affectedRows;
}

/** Each unit group's criteria set in the campaign (the one its units were given). */
export async function groupCriteriaSets(em: EntityManager, campaignId: number): Promise<Map<string, number>> {
  const sets = await rows<{ unit_group: string; criteria_set_id: number }>(
    em,
    `SELECT unit_group, MIN(criteria_set_id) AS criteria_set_id FROM campaign_units
      WHERE campaign_id = ? GROUP BY unit_group`,
    [campaignId],
  );
  return new Map(sets.map((r) => [r.unit_group, Number(r.criteria_set_id)]));
}
