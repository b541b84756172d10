/**
 * What stands between a campaign and a decision on its ranking (issue 17, "decisions with guardrails"): units
 * whose sheet was never submitted, appraisal tasks not completed, clarifications still open. Read in the
 * decision's own transaction, so a refusal lists exactly what the decision would have frozen over.
 */
import { rows } from '@lib/database';
import type { EntityManager } from 'typeorm';

/** A sheet that was submitted has left draft/locked (it may be under appraisal, appraised or final). */
const NOT_SUBMITTED = "('draft', 'locked')";

export interface DecisionBlockers {
  /** Units whose self-assessment sheet was never submitted and that the secretariat has not excluded. */
  unsubmitted: Array<{ unitId: number; unitName: string }>;
  /** Appraisal tasks not completed (unit × content area). */
  openTasks: Array<{ taskId: number; unitName: string; areaName: string }>;
  /** Clarification requests still waiting for the unit's answer. */
  openClarifications: Array<{ taskId: number; unitName: string; areaName: string }>;
}

export async function decisionBlockers(em: EntityManager, campaignId: number): Promise<DecisionBlockers> {
  const unsubmitted = await rows<{ unitId: number; unitName: string }>(
    em,
    `SELECT u.id AS unitId, u.name AS unitName
       FROM score_sheets s JOIN units u ON u.id = s.unit_id
       JOIN campaign_units cu ON cu.campaign_id = s.campaign_id AND cu.unit_id = s.unit_id
      WHERE s.campaign_id = ? AND s.state IN ${NOT_SUBMITTED} AND cu.excluded_reason IS NULL
      ORDER BY u.name, u.id`,
    [campaignId],
  );
  const openTasks = await rows<{ taskId: number; unitName: string; areaName: string }>(
    em,
    `SELECT t.id AS taskId, u.name AS unitName, COALESCE(ca.name, t.content_area) AS areaName
       FROM appraisal_tasks t JOIN units u ON u.id = t.unit_id
       LEFT JOIN content_areas ca ON ca.campaign_id = t.campaign_id AND ca.code = t.content_area
      WHERE t.campaign_id = ? AND t.state <> 'completed'
      ORDER BY u.name, t.id`,
    [campaignId],
  );
  const openClarifications = await rows<{ taskId: number; unitName: string; areaName: string }>(
    em,
    `SELECT t.id AS taskId, u.name AS unitName, COALESCE(ca.name, t.content_area) AS areaName
       FROM appraisal_clarifications c
       JOIN appraisal_tasks t ON t.id = c.task_id
       JOIN units u ON u.id = t.unit_id
       LEFT JOIN content_areas ca ON ca.campaign_id = t.campaign_id AND ca.code = t.content_area
      WHERE t.campaign_id = ? AND c.status = 'open'
      ORDER BY u.name, t.id`,
    [campaignId],
  );
  return { unsubmitted, openTasks, openClarifications };
}
