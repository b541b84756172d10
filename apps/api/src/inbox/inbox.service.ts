import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { notFound } from '@lib/common';
import { dbNow, rows, write } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import type {
  AssigneeView,
  InboxCountsView,
  InboxFilters,
  InboxPageView,
  InboxQuery,
  InboxTaskView,
  InboxView,
  OutOfOfficeDto,
  OutOfOfficeView,
  SavedViewDto,
  SavedViewView,
} from './dto/inbox.dto';
import { ACTIVE_STATES, isAuthorityWide, visibleTasks } from './task-access';
import { TaskErrors } from './task.errors';

/** "Due soon" means due within this many days (and not yet overdue). */
export const DUE_SOON_DAYS = 3;
const ACTIVE = ACTIVE_STATES.map((s) => `'${s}'`).join(', ');

interface ListRow {
  id: number;
  campaign_id: number;
  sheet_id: number;
  unit_id: number;
  unit_name: string;
  unit_group: string | null;
  content_area: string;
  content_area_name: string | null;
  state: string;
  version: number;
  assignee_user_id: number | null;
  assignee_username: string | null;
  assignee_full_name: string | null;
  original_assignee_user_id: number | null;
  due_at: Date;
  follow_up_at: Date | null;
  conflict_of_interest: number;
  completed_at: Date | null;
}

type Sql = { sql: string; params: unknown[] };

/**
 * The officers' inbox: preset views, filters, deterministic order (due, then id) with keyset pagination,
 * counts per view, saved views (server-side, shareable within an organisation) and out-of-office entries.
 * Visibility is part of every WHERE clause (see `visibleTasks`).
 */
@Injectable()
export class InboxService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async list(user: SessionUser, query: InboxQuery): Promise<InboxPageView> {
    const filters = await this.effectiveFilters(user, query);
    const limit = query.limit ?? 50;
    const now = await dbNow(this.ds.manager);
    const view = filters.view ?? 'all';
    // Candidate checks as joins on UNIQUE(task_id, organisation_id), not EXISTS: the optimizer would turn
    // EXISTS into a semi-join materialising every candidate row of the organisation, then filesort. With the
    // joins, STRAIGHT_JOIN and the (campaign_id, state, due_at, id) index, a page reads ~limit rows in order.
    const joins: Sql[] = [];
    const where: Sql[] = [];
    if (isAuthorityWide(user)) {
      where.push(visibleTasks(user));
    } else {
      joins.push({
        sql: 'LEFT JOIN appraisal_task_candidates vc ON vc.task_id = t.id AND vc.organisation_id = ?',
        params: [user.organisationId],
      });
      where.push({ sql: '(vc.id IS NOT NULL OR t.confirmer_organisation_id = ?)', params: [user.organisationId] });
    }
    if (view === 'unclaimed') {
      joins.push({
        sql: 'JOIN appraisal_task_candidates mc ON mc.task_id = t.id AND mc.organisation_id = ?',
        params: [user.organisationId],
      });
      where.push({ sql: "t.state = 'open'", params: [] });
    } else {
      where.push(this.viewPredicate(user, view, now));
    }
    where.push(...this.filterPredicates(filters));
    if (query.cursor) {
      const { dueAt, id } = decodeCursor(query.cursor);
      where.push({ sql: '(t.due_at > ? OR (t.due_at = ? AND t.id > ?))', params: [dueAt, dueAt, id] });
    }
    const found = await rows<ListRow>(
      this.ds.manager,
      `SELECT STRAIGHT_JOIN t.id, t.campaign_id, t.sheet_id, t.unit_id, u.name AS unit_name, cu.unit_group, t.content_area,
              ca.name AS content_area_name, t.state, t.version, t.assignee_user_id, au.username AS assignee_username,
              au.full_name AS assignee_full_name, t.original_assignee_user_id, t.due_at, t.follow_up_at,
              t.conflict_of_interest, t.completed_at
         FROM appraisal_tasks t${filters.campaignId ? ' FORCE INDEX (ix_appraisal_tasks_inbox)' : ''}
         ${joins.map((j) => j.sql).join('\n')}
         JOIN units u ON u.id = t.unit_id
         LEFT JOIN campaign_units cu ON cu.campaign_id = t.campaign_id AND cu.unit_id = t.unit_id
         LEFT JOIN content_areas ca ON ca.campaign_id = t.campaign_id AND ca.code = t.content_area
         LEFT JOIN users au ON au.id = t.assignee_user_id
        WHERE ${where.map((w) => w.sql).join(' AND ')}
        ORDER BY t.due_at, t.id
        LIMIT ?`,
      [...joins.flatMap((j) => j.params), ...where.flatMap((w) => w.params), limit + 1],
    );
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toView(r, now)),
      nextCursor: found.length > limit && last ? encodeCursor(new Date(last.due_at), last.id) : null,
      serverTime: now.toISOString(),
    };
  }

  /** How many tasks each preset view holds under the same filters (the view filter itself is ignored). */
  async counts(user: SessionUser, query: InboxQuery): Promise<InboxCountsView> {
    const filters = await this.effectiveFilters(user, query);
    const now = await dbNow(this.ds.manager);
    const views: InboxView[] = ['mine', 'unclaimed', 'dueSoon', 'overdue', 'awaitingClarification', 'completed'];
    const parts = views.map((v) => this.viewPredicate(user, v, now));
    const where = [visibleTasks(user), ...this.filterPredicates(filters)];
    const [row] = await rows<Record<string, string | number | null>>(
      this.ds.manager,
      `SELECT ${parts.map((p, i) => `COALESCE(SUM(${p.sql}), 0) AS v${i}`).join(', ')}, COUNT(*) AS total
         FROM appraisal_tasks t
         JOIN units u ON u.id = t.unit_id
         LEFT JOIN campaign_units cu ON cu.campaign_id = t.campaign_id AND cu.unit_id = t.unit_id
         LEFT JOIN content_areas ca ON ca.campaign_id = t.campaign_id AND ca.code = t.content_area
        WHERE ${where.map((w) => w.sql).join(' AND ')}`,
      [...parts.flatMap((p) => p.params), ...where.flatMap((w) => w.params)],
    );
    const out = { all: Number(row.total) } as InboxCountsView;
    views.forEach((v, i) => {
      out[v] = Number(row[`v${i}`]);
    });
    return out;
  }

  private viewPredicate(user: SessionUser, view: InboxView, now: Date): Sql {
    const soon = new Date(now.getTime() + DUE_SOON_DAYS * 24 * 3600 * 1000);
    switch (view) {
      case 'mine':
        return { sql: `(t.assignee_user_id = ? AND t.state IN (${ACTIVE}))`, params: [user.id] };
      case 'unclaimed':
        return {
          sql: `(t.state = 'open' AND EXISTS (SELECT 1 FROM appraisal_task_candidates mc WHERE mc.task_id = t.id AND mc.organisation_id = ?))`,
          params: [user.organisationId],
        };
      case 'dueSoon':
        return { sql: `(t.state IN (${ACTIVE}) AND t.due_at >= ? AND t.due_at < ?)`, params: [now, soon] };
      case 'overdue':
        return { sql: `(t.state IN (${ACTIVE}) AND t.due_at < ?)`, params: [now] };
      case 'awaitingClarification':
        return { sql: "(t.state = 'awaitingClarification')", params: [] };
      case 'completed':
        return { sql: "(t.state = 'completed')", params: [] };
      case 'all':
        return { sql: '1 = 1', params: [] };
    }
  }

  private filterPredicates(f: InboxFilters): Sql[] {
    const out: Sql[] = [];
    const eq = (column: string, value: unknown) => {
      if (value !== undefined && value !== null) {
        out.push({ sql: `${column} = ?`, params: [value] });
      }
    };
    eq('t.campaign_id', f.campaignId);
    eq('t.unit_id', f.unitId);
    eq('cu.unit_group', f.unitGroup);
    eq('t.content_area', f.contentArea);
    eq('t.state', f.status);
    eq('t.assignee_user_id', f.assigneeUserId);
    if (f.dueFrom) {
      out.push({ sql: 't.due_at >= ?', params: [new Date(f.dueFrom)] });
    }
    if (f.dueTo) {
      out.push({ sql: 't.due_at < ?', params: [new Date(f.dueTo)] });
    }
    if (f.q && f.q.trim()) {
      const like = `%${f.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      out.push({ sql: '(u.name LIKE ? OR t.content_area LIKE ? OR ca.name LIKE ?)', params: [like, like, like] });
    }
    return out;
  }

  /** The saved view's filters (if any, and visible to the caller) overlaid with the explicit query filters. */
  private async effectiveFilters(user: SessionUser, query: InboxQuery): Promise<InboxFilters> {
    const own: InboxFilters = {
      view: query.view,
      campaignId: query.campaignId,
      unitId: query.unitId,
      unitGroup: query.unitGroup,
      contentArea: query.contentArea,
      status: query.status,
      assigneeUserId: query.assigneeUserId,
      dueFrom: query.dueFrom,
      dueTo: query.dueTo,
      q: query.q,
    };
    if (!query.savedViewId) {
      return own;
    }
    const saved = await this.getSavedView(user, query.savedViewId);
    const merged: InboxFilters = { ...saved.filters };
    for (const [k, v] of Object.entries(own)) {
      if (v !== undefined) {
        (merged as Record<string, unknown>)[k] = v;
      }
    }
    return merged;
  }

  // ── saved views ─────────────────────────────────────────────────────────────────────────────

  async savedViews(user: SessionUser): Promise<SavedViewView[]> {
    const found = await rows<SavedRow>(
      this.ds.manager,
      `SELECT id, name, filters, shared, owner_user_id FROM inbox_saved_views
        WHERE owner_user_id = ? OR (organisation_id = ? AND shared = 1) ORDER BY name, id`,
      [user.id, user.organisationId],
    );
    return found.map((r) => savedView(r, user));
  }

  async getSavedView(user: SessionUser, id: number): Promise<SavedViewView> {
    const [r] = await rows<SavedRow>(
      this.ds.manager,
      `SELECT id, name, filters, shared, owner_user_id FROM inbox_saved_views
        WHERE id = ? AND (owner_user_id = ? OR (organisation_id = ? AND shared = 1))`,
      [id, user.id, user.organisationId],
    );
    if (!r) {
      throw notFound('saved view');
    }
    return savedView(r, user);
  }

  async createSavedView(user: SessionUser, dto: SavedViewDto): Promise<SavedViewView> {
    const inserted = await write(
      this.ds.manager,
      'INSERT INTO inbox_saved_views (organisation_id, owner_user_id, name, filters, shared) VALUES (?, ?, ?, ?, ?)',
      [user.organisationId, user.id, dto.name, JSON.stringify(cleanFilters(dto.filters)), dto.shared ? 1 : 0],
    );
    return this.getSavedView(user, inserted.insertId);
  }

  async updateSavedView(user: SessionUser, id: number, dto: SavedViewDto): Promise<SavedViewView> {
    const updated = await write(
      this.ds.manager,
      'UPDATE inbox_saved_views SET name = ?, filters = ?, shared = ? WHERE id = ? AND owner_user_id = ?',
      [dto.name, JSON.stringify(cleanFilters(dto.filters)), dto.shared ? 1 : 0, id, user.id],
    );
    if (updated.affectedRows !== 1) {
      throw notFound('saved view');
    }
    return this.getSavedView(user, id);
  }

  async deleteSavedView(user: SessionUser, id: number): Promise<void> {
    const deleted = await write(this.ds.manager, 'DELETE FROM inbox_saved_views WHERE id = ? AND owner_user_id = ?', [
      id,
      user.id,
    ]);
    if (deleted.affectedRows !== 1) {
      throw notFound('saved view');
    }
  }

  // ── out of office ───────────────────────────────────────────────────────────────────────────

  /** Active appraisers and supervisors of the caller's organisation (bulk assignment, out-of-office substitutes). */
  async assignees(user: SessionUser): Promise<AssigneeView[]> {
    const found = await rows<{ id: number; username: string; full_name: string; roles: string; away: number }>(
      this.ds.manager,
      `SELECT u.id, u.username, u.full_name, u.roles,
              EXISTS (SELECT 1 FROM out_of_office o
                       WHERE o.user_id = u.id AND o.starts_at <= UTC_TIMESTAMP(6) AND o.ends_at > UTC_TIMESTAMP(6)) AS away
         FROM users u WHERE u.organisation_id = ? AND u.active = 1 ORDER BY u.full_name, u.id`,
      [user.organisationId],
    );
    return found
      .map((r) => ({
        id: r.id,
        username: r.username,
        fullName: r.full_name,
        roles: (typeof r.roles === 'string' ? JSON.parse(r.roles) : r.roles) as string[],
        outOfOffice: Number(r.away) === 1,
      }))
      .filter((r) => r.roles.some((role) => role === 'appraiser' || role === 'supervisor'));
  }

  async outOfOffice(user: SessionUser): Promise<OutOfOfficeView[]> {
    const found = await rows<{
      id: number;
      substitute_user_id: number;
      starts_at: Date;
      ends_at: Date;
      note: string | null;
    }>(
      this.ds.manager,
      'SELECT id, substitute_user_id, starts_at, ends_at, note FROM out_of_office WHERE user_id = ? ORDER BY starts_at, id',
      [user.id],
    );
    return found.map((r) => ({
      id: r.id,
      substituteUserId: r.substitute_user_id,
      startsAt: new Date(r.starts_at).toISOString(),
      endsAt: new Date(r.ends_at).toISOString(),
      note: r.note,
    }));
  }

  async addOutOfOffice(user: SessionUser, dto: OutOfOfficeDto): Promise<OutOfOfficeView> {
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (endsAt.getTime() <= startsAt.getTime()) {
      throw TaskErrors.badRange();
    }
    if (dto.substituteUserId === user.id) {
      throw TaskErrors.selfSubstitute();
    }
    const [sub] = await rows<{ id: number }>(
      this.ds.manager,
      'SELECT id FROM users WHERE id = ? AND organisation_id = ? AND active = 1',
      [dto.substituteUserId, user.organisationId],
    );
    if (!sub) {
      throw TaskErrors.substituteNotEligible();
    }
    const inserted = await write(
      this.ds.manager,
      'INSERT INTO out_of_office (user_id, substitute_user_id, starts_at, ends_at, note) VALUES (?, ?, ?, ?, ?)',
      [user.id, dto.substituteUserId, startsAt, endsAt, dto.note ?? null],
    );
    return {
      id: inserted.insertId,
      substituteUserId: dto.substituteUserId,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      note: dto.note ?? null,
    };
  }

  async removeOutOfOffice(user: SessionUser, id: number): Promise<void> {
    const deleted = await write(this.ds.manager, 'DELETE FROM out_of_office WHERE id = ? AND user_id = ?', [
      id,
      user.id,
    ]);
    if (deleted.affectedRows !== 1) {
      throw notFound('out-of-office entry');
    }
  }
}

interface SavedRow {
  id: number;
  name: string;
  filters: string;
  shared: number;
  owner_user_id: number;
}

function savedView(r: SavedRow, user: SessionUser): SavedViewView {
  return {
    id: r.id,
    name: r.name,
    filters: JSON.parse(r.filters) as InboxFilters,
    shared: Boolean(Number(r.shared)),
    ownerUserId: r.owner_user_id,
    mine: r.owner_user_id === user.id,
  };
}

function cleanFilters(f: InboxFilters): InboxFilters {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== null));
}

function toView(r: ListRow, now: Date): InboxTaskView {
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

function decodeCursor(cursor: string): { dueAt: Date; id: number } {
  const m = /^(\d{1,15})\.(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) {
    throw TaskErrors.badCursor();
  }
  return { dueAt: new Date(Number(m[1])), id: Number(m[2]) };
}
