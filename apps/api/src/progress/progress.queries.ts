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
