/**
 * The users aggregate's SQL that other features share (names of people shown in messages and lists).
 */
import { rows } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface UserLabel {
  id: number;
  username: string;
  fullName: string;
}

/** `{id, username, fullName}` of a user, for messages that name the current assignee. */
export async function userLabel(em: EntityManager, userId: number | null): Promise<UserLabel | null> {
  if (userId === null) {
    return null;
  }
  const [u] = await rows<{ id: number; username: string; full_name: string }>(
    em,
    'SELECT id, username, full_name FROM users WHERE id = ?',
    [userId],
  );
  return u ? { id: u.id, username: u.username, fullName: u.full_name } : null;
}
