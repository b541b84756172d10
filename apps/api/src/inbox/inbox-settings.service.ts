import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { notFound } from '@lib/common';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import type {
  AssigneeView,
  InboxFilters,
  OutOfOfficeDto,
  OutOfOfficeView,
  SavedViewDto,
  SavedViewView,
} from './dto/inbox.dto';
import {
  activeColleagues,
  deleteOutOfOffice,
  deleteSavedView,
  findSavedView,
  insertOutOfOffice,
  insertSavedView,
  isActiveMember,
  listOutOfOffice,
  listSavedViews,
  updateSavedView,
  type OutOfOfficeRow,
  type SavedViewRow,
} from './inbox-settings.queries';
import { TaskErrors } from './task.errors';

/**
 * An officer's inbox settings: saved views (server-side, shareable within the organisation) and out-of-office
 * entries with their substitutes (followed when a supervisor assigns a task).
 */
@Injectable()
export class InboxSettingsService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async savedViews(user: SessionUser): Promise<SavedViewView[]> {
    return (await listSavedViews(this.ds.manager, user)).map((r) => savedView(r, user));
  }

  async getSavedView(user: SessionUser, id: number): Promise<SavedViewView> {
    const found = await findSavedView(this.ds.manager, user, id);
    if (!found) {
      throw notFound('saved view');
    }
    return savedView(found, user);
  }

  async createSavedView(user: SessionUser, dto: SavedViewDto): Promise<SavedViewView> {
    const id = await insertSavedView(this.ds.manager, user, {
      name: dto.name,
      filters: cleanFilters(dto.filters),
      shared: Boolean(dto.shared),
    });
    return this.getSavedView(user, id);
  }

  async updateSavedView(user: SessionUser, id: number, dto: SavedViewDto): Promise<SavedViewView> {
    const view = { name: dto.name, filters: cleanFilters(dto.filters), shared: Boolean(dto.shared) };
    if (!(await updateSavedView(this.ds.manager, user.id, id, view))) {
      throw notFound('saved view');
    }
    return this.getSavedView(user, id);
  }

  async deleteSavedView(user: SessionUser, id: number): Promise<void> {
    if (!(await deleteSavedView(this.ds.manager, user.id, id))) {
      throw notFound('saved view');
    }
  }

  /** Active appraisers and supervisors of the caller's organisation (bulk assignment, out-of-office substitutes). */
  async assignees(user: SessionUser): Promise<AssigneeView[]> {
    const found = await activeColleagues(this.ds.manager, user.organisationId);
    return found.filter((r) => r.roles.some((role) => role === 'appraiser' || role === 'supervisor'));
  }

  async outOfOffice(user: SessionUser): Promise<OutOfOfficeView[]> {
    return (await listOutOfOffice(this.ds.manager, user.id)).map(outOfOfficeView);
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
    if (!(await isActiveMember(this.ds.manager, dto.substituteUserId, user.organisationId))) {
      throw TaskErrors.substituteNotEligible();
    }
    const entry = { substituteUserId: dto.substituteUserId, startsAt, endsAt, note: dto.note ?? null };
    const id = await insertOutOfOffice(this.ds.manager, user.id, entry);
    return outOfOfficeView({ id, ...entry });
  }

  async removeOutOfOffice(user: SessionUser, id: number): Promise<void> {
    if (!(await deleteOutOfOffice(this.ds.manager, user.id, id))) {
      throw notFound('out-of-office entry');
    }
  }
}

function savedView(r: SavedViewRow, user: SessionUser): SavedViewView {
  return { ...r, mine: r.ownerUserId === user.id };
}

function outOfOfficeView(r: OutOfOfficeRow): OutOfOfficeView {
  return {
    id: r.id,
    substituteUserId: r.substituteUserId,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    note: r.note,
  };
}

function cleanFilters(f: InboxFilters): InboxFilters {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== null));
}
