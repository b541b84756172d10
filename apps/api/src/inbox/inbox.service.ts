import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, dbNow } from '@lib/database';
import { notFound } from '@lib/common';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import type { InboxCountsView, InboxFilters, InboxPageView, InboxQuery, InboxView } from './dto/inbox.dto';
import { findSavedView } from './inbox-settings.queries';
import { decodeCursor, encodeCursor, toInboxView } from './inbox-view';
import { countInboxTasks, listInboxTasks } from './inbox.queries';

/**
 * The officers' inbox: preset views, filters, deterministic order (due, then id) with keyset pagination and
 * counts per view, optionally through a saved view (SavedViewsService manages them). Visibility is part of every
 * WHERE clause (see `visibleTasks`).
 */
@Injectable()
export class InboxService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async list(user: SessionUser, query: InboxQuery): Promise<InboxPageView> {
    const filters = await this.effectiveFilters(user, query);
    const limit = query.limit ?? 50;
    // The page carries the database clock it was selected at; only an empty page asks for it separately.
    const found = await listInboxTasks(this.ds.manager, user, {
      view: filters.view ?? 'all',
      filters,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const now = found.length > 0 ? new Date(found[0].server_now) : await dbNow(this.ds.manager);
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toInboxView(r, now)),
      nextCursor: found.length > limit && last ? encodeCursor(new Date(last.due_at), last.id) : null,
      serverTime: now.toISOString(),
    };
  }

  /** How many tasks each preset view holds under the same filters (the view filter itself is ignored). */
  async counts(user: SessionUser, query: InboxQuery): Promise<InboxCountsView> {
    const filters = await this.effectiveFilters(user, query);
    const views: InboxView[] = ['mine', 'unclaimed', 'dueSoon', 'overdue', 'awaitingClarification', 'completed'];
    const counted = await countInboxTasks(this.ds.manager, user, views, filters);
    const out = { all: counted.total } as InboxCountsView;
    views.forEach((v, i) => {
      out[v] = counted.byView[i];
    });
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
    const saved = await findSavedView(this.ds.manager, user, query.savedViewId);
    if (!saved) {
      throw notFound('saved view');
    }
    const merged: InboxFilters = { ...saved.filters };
    for (const [k, v] of Object.entries(own)) {
      if (v !== undefined) {
        (merged as Record<string, unknown>)[k] = v;
      }
    }
    return merged;
  }
}
