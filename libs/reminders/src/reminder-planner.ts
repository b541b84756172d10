import { webLink } from '@lib/web-routes';
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
import { openItems, recordedReminders, type OpenRow, type SubjectType } from './reminder-planner.queries';

export type { SubjectType } from './reminder-planner.queries';

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
    (await recordedReminders(em, ctx.campaignId, new Date(slot.at.getTime() - 366 * 86_400_000))).map(
      (r) => `${r.recipient_user_id}|${r.deadline_key}|${r.kind}`,
    ),
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
