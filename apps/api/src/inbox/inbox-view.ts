/** The inbox's read model: a task row with its due badge, and the keyset cursor. Pure. */
import type { InboxTaskView } from './dto/inbox.dto';
import { DUE_SOON_DAYS, type InboxRow } from './inbox.queries';
import { TaskErrors } from './task.errors';

export function toInboxView(r: InboxRow, now: Date): InboxTaskView {
  const due = new Date(r.due_at);
  const done = r.state === 'completed';
  const completedAt = r.completed_at ? new Date(r.completed_at) : null;
  const secondsRemaining = Math.floor((due.getTime() - now.getTime()) / 1000);
  const breached = done ? (completedAt ? completedAt.getTime() >= due.getTime() : false) : secondsRemaining <= 0;
  const kind = done
    ? breached
      ? 'doneLate'
      : 'done'
    : breached
      ? 'breached'
      : secondsRemaining < DUE_SOON_DAYS * 24 * 3600
        ? 'dueSoon'
        : 'onTrack';
  return {
    id: r.id,
    campaignId: r.campaign_id,
    sheetId: r.sheet_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitGroup: r.unit_group,
    contentArea: r.content_area,
    contentAreaName: r.content_area_name ?? r.content_area,
    state: r.state,
    version: r.version,
    assignee:
      r.assignee_user_id !== null
        ? { id: r.assignee_user_id, username: r.assignee_username ?? '', fullName: r.assignee_full_name ?? '' }
        : null,
    originalAssigneeUserId: r.original_assignee_user_id,
    dueAt: due.toISOString(),
    followUpAt: r.follow_up_at ? new Date(r.follow_up_at).toISOString() : null,
    conflictOfInterest: Boolean(Number(r.conflict_of_interest)),
    completedAt: completedAt ? completedAt.toISOString() : null,
    clarificationAnswered: !done && Boolean(Number(r.clarification_answered)),
    badge: {
      kind,
      secondsRemaining,
      breached,
      followUpDue: !done && r.follow_up_at !== null && new Date(r.follow_up_at).getTime() <= now.getTime(),
    },
  };
}

/** Keyset cursor: base64url of `<due ms>.<id>`. */
export function encodeCursor(dueAt: Date, id: number): string {
  return Buffer.from(`${dueAt.getTime()}.${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { dueAt: Date; id: number } {
  const m = /^(\d{1,15})\.(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) {
    throw TaskErrors.badCursor();
  }
  return { dueAt: new Date(Number(m[1])), id: Number(m[2]) };
}
