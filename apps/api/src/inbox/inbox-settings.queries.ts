/**
 * An officer's inbox settings: saved views (inbox_saved_views, own or shared within the organisation) and
 * out-of-office entries (out_of_office), with the colleagues they may name. The one place these are read or written.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';
import type { InboxFilters } from './dto/inbox.dto';

/** Who is asking: saved views are visible to their owner, and to the organisation when shared. */
interface Viewer {
  id: number;
  organisationId: number;
}

export interface SavedViewRow {
  id: number;
  name: string;
  filters: InboxFilters;
  shared: boolean;
  ownerUserId: number;
}

interface RawSavedView {
  id: number;
  name: string;
  filters: string;
  shared: number;
  owner_user_id: number;
}

function toSavedView(r: RawSavedView): SavedViewRow {
  return {
    id: r.id,
    name: r.name,
    filters: JSON.parse(r.filters) as InboxFilters,
    shared: Boolean(Number(r.shared)),
    ownerUserId: r.owner_user_id,
  };
}

export async function listSavedViews(em: EntityManager, viewer: Viewer): Promise<SavedViewRow[]> {
  const found = await rows<RawSavedView>(
    em,
    `SELECT id, name, filters, shared, owner_user_id FROM inbox_saved_views
      WHERE owner_user_id = ? OR (organisation_id = ? AND shared = 1) ORDER BY name, id`,
    [viewer.id, viewer.organisationId],
  );
  return found.map(toSavedView);
}

export async function findSavedView(em: EntityManager, viewer: Viewer, id: number): Promise<SavedViewRow | undefined> {
  const [r] = await rows<RawSavedView>(
    em,
    `SELECT id, name, filters, shared, owner_user_id FROM inbox_saved_views
      WHERE id = ? AND (owner_user_id = ? OR (organisation_id = ? AND shared = 1))`,
    [id, viewer.id, viewer.organisationId],
  );
  return r && toSavedView(r);
}

export async function insertSavedView(
  em: EntityManager,
  owner: Viewer,
  view: { name: string; filters: InboxFilters; shared: boolean },
): Promise<number> {
  const inserted = await write(
    em,
    'INSERT INTO inbox_saved_views (organisation_id, owner_user_id, name, filters, shared) VALUES (?, ?, ?, ?, ?)',
    [owner.organisationId, owner.id, view.name, JSON.stringify(view.filters), view.shared ? 1 : 0],
  );
  return inserted.insertId;
}

/** Updates the owner's saved view; false when the owner has none with this id. */
export async function updateSavedView(
  em: EntityManager,
  ownerId: number,
  id: number,
  view: { name: string; filters: InboxFilters; shared: boolean },
): Promise<boolean> {
  const updated = await write(
    em,
    'UPDATE inbox_saved_views SET name = ?, filters = ?, shared = ? WHERE id = ? AND owner_user_id = ?',
    [view.name, JSON.stringify(view.filters), view.shared ? 1 : 0, id, ownerId],
  );
  return updated.affectedRows === 1;
}

export async function deleteSavedView(em: EntityManager, ownerId: number, id: number): Promise<boolean> {
  const deleted = await write(em, 'DELETE FROM inbox_saved_views WHERE id = ? AND owner_user_id = ?', [id, ownerId]);
  return deleted.affectedRows === 1;
}

/** An active colleague of the organisation, and whether an out-of-office entry is in force now (DB clock). */
export interface ColleagueRow {
  id: number;
  username: string;
  fullName: string;
  roles: string[];
  outOfOffice: boolean;
}

export async function activeColleagues(em: EntityManager, organisationId: number): Promise<ColleagueRow[]> {
  const found = await rows<{ id: number; username: string; full_name: string; roles: string | string[]; away: number }>(
    em,
    `SELECT u.id, u.username, u.full_name, u.roles,
            EXISTS (SELECT 1 FROM out_of_office o
                     WHERE o.user_id = u.id AND o.starts_at <= UTC_TIMESTAMP(6) AND o.ends_at > UTC_TIMESTAMP(6)) AS away
       FROM users u WHERE u.organisation_id = ? AND u.active = 1 ORDER BY u.full_name, u.id`,
    [organisationId],
  );
  return found.map((r) => ({
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    roles: (typeof r.roles === 'string' ? JSON.parse(r.roles) : r.roles) as string[],
    outOfOffice: Number(r.away) === 1,
  }));
}

/** Whether the user is an active member of the organisation. */
export async function isActiveMember(em: EntityManager, userId: number, organisationId: number): Promise<boolean> {
  const [sub] = await rows<{ id: number }>(
    em,
    'SELECT id FROM users WHERE id = ? AND organisation_id = ? AND active = 1',
    [userId, organisationId],
  );
  return sub !== undefined;
}

export interface OutOfOfficeRow {
  id: number;
  substituteUserId: number;
  startsAt: Date;
  endsAt: Date;
  note: string | null;
}

export async function listOutOfOffice(em: EntityManager, userId: number): Promise<OutOfOfficeRow[]> {
  const found = await rows<{
    id: number;
    substitute_user_id: number;
    starts_at: Date;
    ends_at: Date;
    note: string | null;
  }>(
    em,
    'SELECT id, substitute_user_id, starts_at, ends_at, note FROM out_of_office WHERE user_id = ? ORDER BY starts_at, id',
    [userId],
  );
  return found.map((r) => ({
    id: r.id,
    substituteUserId: r.substitute_user_id,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    note: r.note,
  }));
}

export async function insertOutOfOffice(
  em: EntityManager,
  userId: number,
  entry: Omit<OutOfOfficeRow, 'id'>,
): Promise<number> {
  const inserted = await write(
    em,
    'INSERT INTO out_of_office (user_id, substitute_user_id, starts_at, ends_at, note) VALUES (?, ?, ?, ?, ?)',
    [userId, entry.substituteUserId, entry.startsAt, entry.endsAt, entry.note],
  );
  return inserted.insertId;
}

export async function deleteOutOfOffice(em: EntityManager, userId: number, id: number): Promise<boolean> {
  const deleted = await write(em, 'DELETE FROM out_of_office WHERE id = ? AND user_id = ?', [id, userId]);
  return deleted.affectedRows === 1;
}
