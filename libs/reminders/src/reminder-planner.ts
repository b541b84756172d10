import { webLink } from '@lib/web-routes';
import { rows } from '@lib/database';
import type { EntityManager } from 'typeorm';
import {
  isOncePerDeadline,
  kindsAt,
  viDeadline,
  viDuration,
  type ReminderKind,
  type ReminderPolicy,
  type Slot,
} from './policy';

export type SubjectType = 'scoreSheet' | 'appraisalTask' | 'clarification';

/** Someone who still has something open for a deadline (one row of the "who owes what" queries). */
interface OpenRow {
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

/** One reminder the slot will send (before grouping into digests). */
export interface PlannedReminder {
  userId: number;
  email: string | null;
  fullName: string;
  kind: ReminderKind;
  deadlineKey: string;
  subjectType: SubjectType;
  subjectId: number;
  dueAt: Date;
  /** What must be done (Vietnamese). */
  title: string;
  /** Why this person gets it (Vietnamese). */
  reason: string;
  link: string;
}

export interface PlanContext {
  campaignId: number;
  timeZone: string;
  policy: ReminderPolicy;
  slot: Slot;
  publicUrl: string;
}

const OPEN_TASK_STATES = ['open', 'claimed', 'inReview'];

/** `appraisalTask-7-1710522000`: the subject and its due instant (an extension starts a new series). */
export function deadlineKey(subjectType: SubjectType, subjectId: number, dueAt: Date): string {
  return `${subjectType}-${subjectId}-${Math.floor(dueAt.getTime() / 1000)}`;
}

/**
 * Who must be reminded at a slot, and why — computed from MySQL only:
 * - unit officers of units whose score sheet is still `draft`, before the self-assessment deadline;
 * - the assignee of an open appraisal task, or — while nobody has taken it — the appraisers of its candidate
 *   organisations, before and after the task's due date;
 * - unit officers of a unit with an unanswered clarification request;
 * - supervisors of the responsible organisation, once, `escalateAfterSeconds` after a deadline.
 * Reminders of a once-per-deadline kind already recorded are left out.
 */
export async function planSlot(em: EntityManager, ctx: PlanContext): Promise<PlannedReminder[]> {
  const { policy, slot } = ctx;
  const horizon = new Date(slot.at.getTime() + Math.max(0, ...policy.offsetsSeconds) * 1000);
  const owners = await openItems(em, ctx.campaignId, horizon, 'owner', slot.at);
  const escalateBefore =
    policy.escalateAfterSeconds === null ? null : new Date(slot.at.getTime() - policy.escalateAfterSeconds * 1000);
  const supervisors = escalateBefore ? await openItems(em, ctx.campaignId, escalateBefore, 'supervisor', slot.at) : [];

  const sent = new Set(
    (
      await rows<{ recipient_user_id: number; deadline_key: string; kind: string }>(
        em,
        "SELECT recipient_user_id, deadline_key, kind FROM reminders WHERE campaign_id = ? AND kind <> 'overdue' AND due_at > ?",
        [ctx.campaignId, new Date(slot.at.getTime() - 366 * 86_400_000)],
      )
    ).map((r) => `${r.recipient_user_id}|${r.deadline_key}|${r.kind}`),
  );

  const planned = new Map<string, PlannedReminder>();
  const add = (row: OpenRow, kind: ReminderKind) => {
    const key = deadlineKey(row.subject_type, Number(row.subject_id), row.due_at);
    const id = `${row.user_id}|${key}|${kind}`;
    if (planned.has(id) || (isOncePerDeadline(kind) && sent.has(id))) {
      return;
    }
    const { title, link } = describe(row, ctx);
    planned.set(id, {
      userId: Number(row.user_id),
      email: row.email,
      fullName: row.full_name,
      kind,
      deadlineKey: key,
      subjectType: row.subject_type,
      subjectId: Number(row.subject_id),
      dueAt: row.due_at,
      title,
      reason: reasonOf(row, kind, slot.at, ctx.timeZone),
      link,
    });
  };
  for (const row of owners) {
    const { owner } = kindsAt(policy, slot.at, row.due_at);
    if (owner) {
      add(row, owner);
    }
  }
  for (const row of supervisors) {
    if (kindsAt(policy, slot.at, row.due_at).escalate) {
      add(row, 'escalation');
    }
  }
  return [...planned.values()].sort((a, b) => a.userId - b.userId || a.dueAt.getTime() - b.dueAt.getTime());
}

/** What the reminder says must be done, and the screen of the web app where it is done (the shared route table). */
export function describe(
  row: Pick<OpenRow, 'subject_type' | 'unit_name' | 'area' | 'link_id'>,
  ctx: Pick<PlanContext, 'publicUrl' | 'campaignId'>,
): { title: string; link: string } {
  switch (row.subject_type) {
    case 'scoreSheet':
      return {
        title: `Tự chấm điểm và nộp Biểu tự chấm điểm — ${row.unit_name}`,
        link: webLink(ctx.publicUrl, 'sheet', {}, { campaign: ctx.campaignId }),
      };
    case 'appraisalTask':
      return {
        title: `Thẩm định lĩnh vực "${row.area ?? ''}" — ${row.unit_name}`,
        link: webLink(ctx.publicUrl, 'task', { id: row.link_id }),
      };
    case 'clarification':
      return {
        title: `Trả lời yêu cầu giải trình — ${row.unit_name}`,
        link: webLink(ctx.publicUrl, 'clarifications', {}, { campaign: ctx.campaignId }),
      };
  }
}

function reasonOf(row: OpenRow, kind: ReminderKind, at: Date, timeZone: string): string {
  const due = viDeadline(row.due_at, timeZone);
  const remaining = (row.due_at.getTime() - at.getTime()) / 1000;
  const when =
    remaining > 0 ? `còn ${viDuration(remaining)} (hạn ${due})` : `đã quá hạn ${viDuration(remaining)} (hạn ${due})`;
  const why =
    row.via === 'assignee'
      ? 'nhiệm vụ được giao cho anh/chị và chưa hoàn thành'
      : row.via === 'candidate'
        ? 'nhiệm vụ của cơ quan anh/chị chưa có người nhận'
        : row.via === 'supervisor'
          ? 'anh/chị phụ trách cơ quan có việc quá hạn'
          : row.subject_type === 'scoreSheet'
            ? 'đơn vị của anh/chị chưa nộp biểu tự chấm điểm'
            : 'đơn vị của anh/chị chưa trả lời yêu cầu giải trình';
  return `${kind === 'escalation' ? 'Báo cáo quá hạn: ' : ''}${why}; ${when}.`;
}

/**
 * The open items with a deadline at or before `dueBefore`, with the people responsible (`owner`) or their
 * supervisors (`supervisor`). Roles are a JSON array in `users.roles`; `LIKE '%"role"%'` matches one entry.
 */
async function openItems(
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
