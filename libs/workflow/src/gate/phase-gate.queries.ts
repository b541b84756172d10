/**
 * What the phase gate reads: the campaign row with the database clock, its manual closes, its first publication,
 * and the rows a writer locks first (the sheet, the clarification). The gate's only SQL.
 */
import { rows } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface GateCampaignRow {
  id: number;
  timezone: string;
  state: string;
  snapshot: string;
  now: Date;
}

/** ` LOCK IN SHARE MODE` when the caller writes under the gate's answer (a concurrent close waits for it). */
const shareMode = (lock: boolean) => (lock ? ' LOCK IN SHARE MODE' : '');

/**
 * The campaign row with the database clock: unlocked for views, shared by writers under the gate's answer, or
 * `exclusive` for a writer that will change the row or append to the campaign's audit chain (its head is on the
 * row): taking the row for update at once, instead of a shared lock raised later, is what keeps two such writers
 * from deadlocking on it.
 */
export async function gateCampaign(
  em: EntityManager,
  campaignId: number,
  lock: boolean | 'exclusive',
): Promise<GateCampaignRow | undefined> {
  const mode = lock === 'exclusive' ? ' FOR UPDATE' : shareMode(lock);
  const [c] = await rows<GateCampaignRow>(
    em,
    `SELECT id, timezone, state, snapshot, UTC_TIMESTAMP(6) AS now FROM campaigns WHERE id = ?${mode}`,
    [campaignId],
  );
  return c;
}

/** Phases the secretariat closed early, with when. */
export async function manualCloses(
  em: EntityManager,
  campaignId: number,
  lock: boolean,
): Promise<{ phase: string; locked_at: Date }[]> {
  return rows<{ phase: string; locked_at: Date }>(
    em,
    `SELECT phase, locked_at FROM phase_locks WHERE campaign_id = ? AND reason = 'closedManually'${shareMode(lock)}`,
    [campaignId],
  );
}

/** When the campaign was first published (null when it was not). */
export async function firstPublishedAt(em: EntityManager, campaignId: number, lock: boolean): Promise<Date | null> {
  const [row] = await rows<{ at: Date | null }>(
    em,
    `SELECT MIN(published_at) AS at FROM publications WHERE campaign_id = ?${shareMode(lock)}`,
    [campaignId],
  );
  return row?.at ?? null;
}

/**
 * Locks a unit's sheet row FOR UPDATE: the first lock of every write of the sheet, its tasks and its clarifications
 * (one lock order, docs/ARCHITECTURE.md §gate). False when there is no such sheet.
 */
export async function lockSheetRow(em: EntityManager, sheetId: number): Promise<boolean> {
  const locked = await rows(em, 'SELECT id FROM score_sheets WHERE id = ? FOR UPDATE', [sheetId], { prepared: true });
  return locked.length > 0;
}

/** Locks the sheet row (every sheet write locks it first) and returns its campaign and snapshot. */
export async function lockGateSheet(
  em: EntityManager,
  sheetId: number,
): Promise<{ campaign_id: number; snapshot: string } | undefined> {
  const [sheet] = await rows<{ campaign_id: number; snapshot: string }>(
    em,
    'SELECT campaign_id, snapshot FROM score_sheets WHERE id = ? FOR UPDATE',
    [sheetId],
  );
  return sheet;
}

/** Locks the clarification row and returns its task's campaign and its own due instant. */
export async function lockGateClarification(
  em: EntityManager,
  clarificationId: number,
): Promise<{ campaign_id: number; due_at: Date } | undefined> {
  const [k] = await rows<{ campaign_id: number; due_at: Date }>(
    em,
    `SELECT t.campaign_id, k.due_at FROM appraisal_clarifications k JOIN appraisal_tasks t ON t.id = k.task_id
      WHERE k.id = ? FOR UPDATE`,
    [clarificationId],
  );
  return k;
}
