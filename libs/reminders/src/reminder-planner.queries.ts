/** The planner's reads: who still owes what for a campaign's deadlines, and the reminders already recorded. */
import { rows } from '@lib/database';
import type { EntityManager } from 'typeorm';

export type SubjectType = 'scoreSheet' | 'appraisalTask' | 'clarification';

/** Someone who still has something open for a deadline (one row of the "who owes what" queries). */
export interface OpenRow {
  user_id: number;
  email: string | null;
  full_name: string;
  subject_type: SubjectType;
  subject_id: number;
  due_at: Date;
  unit_name: string;
  area: string | null;
  link_id: number;
  /** `assignee`, `candidate` or `officer`: how this person is responsible. */
  via: string;
}

const OPEN_TASK_STATES = ['open', 'claimed', 'inReview'];

/** Reminders of a campaign already recorded (not `overdue`) for deadlines after `dueAfter`. */
export function recordedReminders(
  em: EntityManager,
  campaignId: number,
  dueAfter: Date,
): Promise<{ recipient_user_id: number; deadline_key: string; kind: string }[]> {
  return rows<{ recipient_user_id: number; deadline_key: string; kind: string }>(
    em,
    "SELECT recipient_user_id, deadline_key, kind FROM reminders WHERE campaign_id = ? AND kind <> 'overdue' AND due_at > ?",
    [campaignId, dueAfter],
  );
}

/**
 * The open items with a deadline at or before `dueBefore`, with the people responsible (`owner`) or their
 * supervisors (`supervisor`). Roles are a JSON array in `users.roles`; `LIKE '%"role"%'` matches one entry.
 */
export async function openItems(
  em: EntityManager,
  campaignId: number,
  dueBefore: Date,
  who: 'owner' | 'supervisor',
  slotAt: Date,
): Promise<OpenRow[]> {
  const officer = who === 'owner' ? '%"unit_officer"%' : '%"supervisor"%';
  const via = (name: string) => (who === 'owner' ? `'${name}'` : "'supervisor'");
  const user = 'usr.id AS user_id, usr.email, usr.full_name';
  const sheets = rows<OpenRow>(
    em,
    `SELECT ${user}, 'scoreSheet' AS subject_type, s.id AS subject_id, d.due_at, u.name AS unit_name, NULL AS area,
            s.id AS link_id, ${via('officer')} AS via
       FROM score_sheets s
       JOIN deadlines d ON d.subject_type = 'scoreSheet' AND d.subject_id = s.id AND d.phase = 'selfAssessment'
       JOIN units u ON u.id = s.unit_id
       JOIN users usr ON usr.organisation_id = u.organisation_id AND usr.active = 1 AND usr.roles LIKE ?
      WHERE s.campaign_id = ? AND s.state = 'draft' AND d.due_at <= ? AND d.due_at > ?`,
    // A sheet past its deadline is closed by the stage lock even before its lock job has run: the unit can do
    // nothing more, so it is owed no reminder and nobody is escalated for it (an extension re-opens it).
    [officer, campaignId, dueBefore, slotAt],
  );
  const clarifications = rows<OpenRow>(
    em,
    `SELECT ${user}, 'clarification' AS subject_type, cl.id AS subject_id, cl.due_at, u.name AS unit_name, NULL AS area,
            s.id AS link_id, ${via('officer')} AS via
       FROM appraisal_clarifications cl
       JOIN score_sheets s ON s.id = cl.sheet_id
       JOIN units u ON u.id = s.unit_id
       JOIN users usr ON usr.organisation_id = u.organisation_id AND usr.active = 1 AND usr.roles LIKE ?
      WHERE s.campaign_id = ? AND cl.status = 'open' AND cl.due_at <= ?`,
    [officer, campaignId, dueBefore],
  );
  const taskColumns = `${user}, 'appraisalTask' AS subject_type, t.id AS subject_id, t.due_at, u.name AS unit_name,
            COALESCE(ca.name, t.content_area) AS area, t.id AS link_id`;
  const taskFrom = `FROM appraisal_tasks t
       JOIN units u ON u.id = t.unit_id
       LEFT JOIN content_areas ca ON ca.campaign_id = t.campaign_id AND ca.code = t.content_area`;
  const taskWhere = `t.campaign_id = ? AND t.state IN (${OPEN_TASK_STATES.map(() => '?').join(', ')}) AND t.due_at <= ?`;
  const taskParams = [campaignId, ...OPEN_TASK_STATES, dueBefore];
  const assigned =
    who === 'owner'
      ? rows<OpenRow>(
          em,
          `SELECT ${taskColumns}, 'assignee' AS via ${taskFrom}
             JOIN users usr ON usr.id = t.assignee_user_id AND usr.active = 1
            WHERE ${taskWhere} AND t.assignee_user_id IS NOT NULL`,
          taskParams,
        )
      : Promise.resolve([]);
  const candidates = rows<OpenRow>(
    em,
    `SELECT ${taskColumns}, ${via('candidate')} AS via ${taskFrom}
       JOIN appraisal_task_candidates c ON c.task_id = t.id
       JOIN users usr ON usr.organisation_id = c.organisation_id AND usr.active = 1 AND usr.roles LIKE ?
      WHERE ${taskWhere}${who === 'owner' ? ' AND t.assignee_user_id IS NULL' : ''}`,
    [who === 'owner' ? '%"appraiser"%' : '%"supervisor"%', ...taskParams],
  );
  return (await Promise.all([sheets, clarifications, assigned, candidates])).flat();
}
