/**
 * Phase locks (phase_locks, recorded by a `phase.locked` effect) and the draft sheets an early close locks: the
 * engine's SQL for closing a phase.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

/** The phase lock a `phase.locked` effect records (the first one for a campaign and phase stands). */
export async function insertPhaseLock(
  em: EntityManager,
  lock: { campaignId: number; phase: string; dueAt: Date; reason: string; lockedAt: Date },
): Promise<void> {
  await write(
    em,
    'INSERT IGNORE INTO phase_locks (campaign_id, phase, due_at, reason, locked_at) VALUES (?, ?, ?, ?, ?)',
    [lock.campaignId, lock.phase, lock.dueAt, lock.reason, lock.lockedAt],
  );
}

/** The campaign's draft sheets, by id (an early close locks each in its own transaction). */
export async function draftSheetIds(em: EntityManager, campaignId: number): Promise<number[]> {
  const found = await rows<{ id: number }>(
    em,
    "SELECT id FROM score_sheets WHERE campaign_id = ? AND state = 'draft' ORDER BY id",
    [campaignId],
  );
  return found.map((r) => r.id);
}

/** Inside the caller's transaction: the sheet's snapshot (JSON) while it is still a draft, locked; else undefined. */
export async function lockDraftSnapshot(em: EntityManager, sheetId: number): Promise<string | undefined> {
  const [sheet] = await rows<{ snapshot: string }>(
    em,
    "SELECT snapshot FROM score_sheets WHERE id = ? AND state = 'draft' FOR UPDATE",
    [sheetId],
  );
  return sheet?.snapshot;
}
