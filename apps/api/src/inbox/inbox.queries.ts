/**
 * The inbox listing's SQL: preset views and filters as predicates over appraisal_tasks (alias `t`), one page in
 * (due, id) order after a keyset cursor, and the counts per view. Visibility is part of every WHERE clause.
 */
import { rows } from '@lib/database';
import type { EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import type { InboxFilters, InboxView } from './dto/inbox.dto';
import { ACTIVE_STATES, isAuthorityWide, visibleTasks } from './task-access';

/** "Due soon" means due within this many days (and not yet overdue). */
export const DUE_SOON_DAYS = 3;
const ACTIVE = ACTIVE_STATES.map((s) => `'${s}'`).join(', ');

/** A task as the inbox lists it. */
export interface InboxRow {
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
  /** 1 when the task's latest clarification request is answered (round 2 scoring is due). */
  clarification_answered: number;
  /** The database clock of the statement (the views' "now"), read with the page: no separate round trip. */
  server_now: Date;
}

type Sql = { sql: string; params: unknown[] };

/** Which page of which view: up to `limit` tasks in (due, id) order after the cursor. */
export interface InboxPage {
  view: InboxView;
  filters: InboxFilters;
  after?: { dueAt: Date; id: number };
  limit: number;
}

/** Up to `limit` tasks of the view under the filters, in (due, id) order after the cursor. */
export function listInboxTasks(em: EntityManager, user: SessionUser, page: InboxPage): Promise<InboxRow[]> {
  const { sql, params } = inboxPageStatement(user, page);
  // Prepared: the page is the inbox's hot read, and the server parses its text once per connection instead of on
  // every page. The text varies only with which view and filters are set (values are parameters).
  return rows<InboxRow>(em, sql, params, { prepared: true });
}

/** The page's statement (the benchmark also sends it bare, to measure what the service adds to its own SQL). */
export function inboxPageStatement(user: SessionUser, page: InboxPage): Sql {
  // Candidate checks as joins on UNIQUE(task_id, organisation_id), not EXISTS: the optimizer would turn
  // EXISTS into a semi-join materialising every candidate row of the organisation, then filesort. With the
  // joins, STRAIGHT_JOIN and the (campaign_id, state, due_at, id, …) index, a page reads ~limit rows in order; the
  // index also holds every task column the page reads, so the entries it skips (other organisations' tasks) cost
  // no read of the task row.
  const joins: Sql[] = [];
  const where: Sql[] = [];
  if (isAuthorityWide(user)) {
    where.push(visibleTasks(user));
  } else if (page.view !== 'unclaimed') {
    // 'unclaimed' joins the caller's own candidate row below, which is already what makes a task visible to them:
    // a second lookup of the same row for every task read would only cost time.
    joins.push({
      sql: 'LEFT JOIN appraisal_task_candidates vc ON vc.task_id = t.id AND vc.organisation_id = ?',
      params: [user.organisationId],
    });
    where.push({ sql: '(vc.id IS NOT NULL OR t.confirmer_organisation_id = ?)', params: [user.organisationId] });
  }
  if (page.view === 'unclaimed') {
    joins.push({
      sql: 'JOIN appraisal_task_candidates mc ON mc.task_id = t.id AND mc.organisation_id = ?',
      params: [user.organisationId],
    });
    where.push({ sql: "t.state = 'open'", params: [] });
  } else {
    where.push(viewPredicate(user, page.view));
  }
  where.push(...filterPredicates(page.filters));
  if (page.after) {
    const { dueAt, id } = page.after;
    where.push({ sql: '(t.due_at > ? OR (t.due_at = ? AND t.id > ?))', params: [dueAt, dueAt, id] });
  }
  return {
    sql: `SELECT STRAIGHT_JOIN t.id, t.campaign_id, t.sheet_id, t.unit_id, u.name AS unit_name, cu.unit_group, t.content_area,
            ca.name AS content_area_name, t.state, t.version, t.assignee_user_id, au.username AS assignee_username,
            au.full_name AS assignee_full_name, t.original_assignee_user_id, t.due_at, t.follow_up_at,
            t.conflict_of_interest, t.completed_at, ${clarificationAnswered(page)} AS clarification_answered,
            ${NOW} AS server_now
       FROM appraisal_tasks t${page.filters.campaignId ? ' FORCE INDEX (ix_appraisal_tasks_inbox)' : ''}
       ${joins.map((j) => j.sql).join('\n')}
       JOIN units u ON u.id = t.unit_id
       LEFT JOIN campaign_units cu ON cu.campaign_id = t.campaign_id AND cu.unit_id = t.unit_id
       LEFT JOIN content_areas ca ON ca.campaign_id = t.campaign_id AND ca.code = t.content_area
       LEFT JOIN users au ON au.id = t.assignee_user_id
      WHERE ${where.map((w) => w.sql).join(' AND ')}
      ORDER BY t.due_at, t.id
      LIMIT ?`,
    params: [...joins.flatMap((j) => j.params), ...where.flatMap((w) => w.params), page.limit],
  };
}

/**
 * Whether the unit answered the task's latest clarification request, as a column of the page. A task that is
 * open or claimed has never been in review (the appraisal task machine enters them from open and claimed only, and
 * clarifications are requested in review), and a completed one shows no answer (toInboxView): when the view or
 * the status filter holds the page to one of those states, the column is a constant, and the statement has no
 * dependent subquery to plan and run per row.
 */
function clarificationAnswered(page: { view: InboxView; filters: InboxFilters }): string {
  const only = page.view === 'unclaimed' ? 'open' : page.view === 'completed' ? 'completed' : undefined;
  if ([only, page.filters.status].some((s) => s === 'open' || s === 'claimed' || s === 'completed')) {
    return '0';
  }
  // The latest round only: an answered round 1 followed by an open round 2 is still waiting.
  return `COALESCE((SELECT k.status = 'answered' FROM appraisal_clarifications k
                     WHERE k.task_id = t.id ORDER BY k.round DESC LIMIT 1), 0)`;
}

/** How many tasks each view holds under the filters (and `total`: all visible ones), at the database clock. */
export async function countInboxTasks(
  em: EntityManager,
  user: SessionUser,
  views: readonly InboxView[],
  filters: InboxFilters,
): Promise<{ total: number; byView: number[] }> {
  const parts = views.map((v) => viewPredicate(user, v));
  const where = [visibleTasks(user), ...filterPredicates(filters)];
  const [row] = await rows<Record<string, string | number | null>>(
    em,
    `SELECT ${parts.map((p, i) => `COALESCE(SUM(${p.sql}), 0) AS v${i}`).join(', ')}, COUNT(*) AS total
       FROM appraisal_tasks t
       JOIN units u ON u.id = t.unit_id
       LEFT JOIN campaign_units cu ON cu.campaign_id = t.campaign_id AND cu.unit_id = t.unit_id
       LEFT JOIN content_areas ca ON ca.campaign_id = t.campaign_id AND ca.code = t.content_area
      WHERE ${where.map((w) => w.sql).join(' AND ')}`,
    [...parts.flatMap((p) => p.params), ...where.flatMap((w) => w.params)],
  );
  return { total: Number(row.total), byView: views.map((_, i) => Number(row[`v${i}`])) };
}

/**
 * The database clock as the views compare against it. MySQL evaluates it once per statement, so every predicate
 * and the `server_now` column of one statement agree (the badges are computed from that same instant).
 */
const NOW = 'UTC_TIMESTAMP(3)';

function viewPredicate(user: SessionUser, view: InboxView): Sql {
  switch (view) {
    case 'mine':
      return { sql: `(t.assignee_user_id = ? AND t.state IN (${ACTIVE}))`, params: [user.id] };
    case 'unclaimed':
      return {
        sql: `(t.state = 'open' AND EXISTS (SELECT 1 FROM appraisal_task_candidates mc WHERE mc.task_id = t.id AND mc.organisation_id = ?))`,
        params: [user.organisationId],
      };
    case 'dueSoon':
      return {
        sql: `(t.state IN (${ACTIVE}) AND t.due_at >= ${NOW} AND t.due_at < ${NOW} + INTERVAL ${DUE_SOON_DAYS} DAY)`,
        params: [],
      };
    case 'overdue':
      return { sql: `(t.state IN (${ACTIVE}) AND t.due_at < ${NOW})`, params: [] };
    case 'awaitingClarification':
      return { sql: "(t.state = 'awaitingClarification')", params: [] };
    case 'completed':
      return { sql: "(t.state = 'completed')", params: [] };
    case 'all':
      return { sql: '1 = 1', params: [] };
  }
}

function filterPredicates(f: InboxFilters): Sql[] {
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
