/**
 * Leadership's progress view reads counts across a campaign's aggregates (sheets, tasks, clarifications,
 * council, publications) and the instants of submissions and completions: read-only aggregate SQL, in one place.
 */
import { rows } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface CampaignCounts {
  sheets: { total: number; submitted: number };
  tasks: { total: number; completed: number; overdue: number };
  openClarifications: number;
  council: { sessions: number; approved: number; adjustments: number };
  publications: number;
}

/** Counts of one campaign; overdue is judged at `now` (the database clock). */
export async function campaignCounts(em: EntityManager, campaignId: number, now: Date): Promise<CampaignCounts> {
  const [sheets] = await rows<{ total: number | string; submitted: number | string | null }>(
    em,
    "SELECT COUNT(*) AS total, SUM(submitted_at IS NOT NULL OR state NOT IN ('draft', 'locked')) AS submitted FROM score_sheets WHERE campaign_id = ?",
    [campaignId],
  );
  const [tasks] = await rows<{
    total: number | string;
    completed: number | string | null;
    overdue: number | string | null;
  }>(
    em,
    'SELECT COUNT(*) AS total, SUM(completed_at IS NOT NULL) AS completed, SUM(completed_at IS NULL AND due_at < ?) AS overdue FROM appraisal_tasks WHERE campaign_id = ?',
    [now, campaignId],
  );
  const [clar] = await rows<{ n: number | string }>(
    em,
    "SELECT COUNT(*) AS n FROM appraisal_clarifications c JOIN score_sheets s ON s.id = c.sheet_id WHERE s.campaign_id = ? AND c.status = 'open'",
    [campaignId],
  );
  const [council] = await rows<{ sessions: number | string; approved: number | string | null }>(
    em,
    "SELECT COUNT(*) AS sessions, SUM(status = 'approved') AS approved FROM council_sessions WHERE campaign_id = ?",
    [campaignId],
  );
  const [adj] = await rows<{ n: number | string }>(
    em,
    'SELECT COUNT(*) AS n FROM council_adjustments WHERE campaign_id = ?',
    [campaignId],
  );
  const [pubs] = await rows<{ n: number | string }>(
    em,
    'SELECT COUNT(*) AS n FROM publications WHERE campaign_id = ?',
    [campaignId],
  );
  return {
    sheets: { total: Number(sheets.total), submitted: Number(sheets.submitted ?? 0) },
    tasks: { total: Number(tasks.total), completed: Number(tasks.completed ?? 0), overdue: Number(tasks.overdue ?? 0) },
    openClarifications: Number(clar.n),
    council: {
      sessions: Number(council.sessions),
      approved: Number(council.approved ?? 0),
      adjustments: Number(adj.n),
    },
    publications: Number(pubs.n),
  };
}

/** Per candidate organisation: its tasks, how many are completed and how many overdue at `now`. */
export async function taskCountsByOrganisation(em: EntityManager, campaignId: number, now: Date) {
  return rows<{
    organisation_id: number;
    code: string;
    name: string;
    total: number;
    completed: number;
    overdue: number;
  }>(
    em,
    `SELECT o.id AS organisation_id, o.code, o.name, COUNT(*) AS total,
            SUM(t.completed_at IS NOT NULL) AS completed,
            SUM(t.completed_at IS NULL AND t.due_at < ?) AS overdue
       FROM appraisal_tasks t JOIN appraisal_task_candidates k ON k.task_id = t.id JOIN organisations o ON o.id = k.organisation_id
      WHERE t.campaign_id = ? GROUP BY o.id, o.code, o.name ORDER BY o.name`,
    [now, campaignId],
  );
}

/** When each submitted sheet was submitted: the sheet's column, else the audited `sheet.submitted` transition. */
export async function submissionInstants(em: EntityManager, campaignId: number): Promise<Date[]> {
  const found = await rows<{ at: Date }>(
    em,
    `SELECT COALESCE(s.submitted_at, (SELECT MIN(a.occurred_at) FROM audit_log a
              WHERE a.entity_type = 'scoreSheet' AND a.entity_id = s.id AND a.action = 'sheet.submitted')) AS at
       FROM score_sheets s WHERE s.campaign_id = ? AND (s.submitted_at IS NOT NULL OR s.state NOT IN ('draft', 'locked'))`,
    [campaignId],
  );
  return found.map((r) => new Date(r.at));
}

/** When each completed task of the campaign was completed. */
export async function completionInstants(em: EntityManager, campaignId: number): Promise<Date[]> {
  const found = await rows<{ at: Date }>(
    em,
    'SELECT completed_at AS at FROM appraisal_tasks WHERE campaign_id = ? AND completed_at IS NOT NULL',
    [campaignId],
  );
  return found.map((r) => new Date(r.at));
}

/** A campaign unit with its sheet (null before one exists), what it has self-scored and its open clarifications. */
export interface BehindSheetRow {
  unit_id: number;
  unit_code: string;
  unit_name: string;
  unit_group: string;
  criteria_set_id: number;
  sheet_id: number | null;
  state: string | null;
  snapshot: string | null;
  submitted: number | string;
  scored: number | string;
  open_clarifications: number | string;
}

/** Every unit of the campaign that may be behind on its sheet: not submitted, or with an open clarification. */
export async function behindSheetRows(em: EntityManager, campaignId: number): Promise<BehindSheetRow[]> {
  return rows<BehindSheetRow>(
    em,
    `SELECT * FROM (
       SELECT cu.unit_id, u.code AS unit_code, u.name AS unit_name, cu.unit_group, cu.criteria_set_id,
              s.id AS sheet_id, s.state, s.snapshot,
              (s.submitted_at IS NOT NULL OR s.state NOT IN ('draft', 'locked')) AS submitted,
              (SELECT COUNT(*) FROM score_entries e WHERE e.sheet_id = s.id AND e.self_milli IS NOT NULL) AS scored,
              (SELECT COUNT(*) FROM appraisal_clarifications k WHERE k.sheet_id = s.id AND k.status = 'open')
                AS open_clarifications
         FROM campaign_units cu
         JOIN units u ON u.id = cu.unit_id
         LEFT JOIN score_sheets s ON s.campaign_id = cu.campaign_id AND s.unit_id = cu.unit_id
        WHERE cu.campaign_id = ?) x
      WHERE NOT COALESCE(x.submitted, 0) OR x.open_clarifications > 0`,
    [campaignId],
  );
}

/** A task not completed, with its unit, content area, one row per candidate organisation. */
export interface BehindTaskRow {
  task_id: number;
  sheet_id: number;
  unit_id: number;
  unit_name: string;
  unit_group: string;
  content_area_name: string;
  state: string;
  due_at: Date;
  open_clarifications: number | string;
  organisation_id: number | null;
  organisation_name: string | null;
}

/** The campaign's tasks not completed, one row per candidate organisation (grouping is the caller's). */
export async function behindTaskRows(em: EntityManager, campaignId: number): Promise<BehindTaskRow[]> {
  return rows<BehindTaskRow>(
    em,
    `SELECT t.id AS task_id, t.sheet_id, t.unit_id, u.name AS unit_name, COALESCE(cu.unit_group, u.unit_group) AS unit_group,
            COALESCE(ca.name, t.content_area) AS content_area_name, t.state, t.due_at,
            (SELECT COUNT(*) FROM appraisal_clarifications k WHERE k.task_id = t.id AND k.status = 'open')
              AS open_clarifications,
            o.id AS organisation_id, o.name AS organisation_name
       FROM appraisal_tasks t
       JOIN units u ON u.id = t.unit_id
       LEFT JOIN campaign_units cu ON cu.campaign_id = t.campaign_id AND cu.unit_id = t.unit_id
       LEFT JOIN content_areas ca ON ca.campaign_id = t.campaign_id AND ca.code = t.content_area
       LEFT JOIN appraisal_task_candidates c ON c.task_id = t.id
       LEFT JOIN organisations o ON o.id = c.organisation_id
      WHERE t.campaign_id = ? AND t.completed_at IS NULL AND t.state <> 'completed'
      ORDER BY t.id, o.name`,
    [campaignId],
  );
}
