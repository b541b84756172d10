/** The transactional outbox: the one place the engine writes effects as rows and the relay claims them. */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface PendingOutboxRow {
  id: number;
  kind: string;
  business_key: string;
  payload: string;
}

/**
 * One outbox row per effect, all in one statement (rows in effect order, so their ids keep it); a replayed fact (same
 * business key) writes nothing. Returns rows written.
 */
export async function insertOutbox(
  em: EntityManager,
  effects: ReadonlyArray<{ kind: string; key: string; payload: Record<string, unknown> }>,
): Promise<number> {
  if (effects.length === 0) {
    return 0;
  }
  const result = await write(
    em,
    `INSERT IGNORE INTO outbox (kind, business_key, payload) VALUES ${effects.map(() => '(?, ?, ?)').join(', ')}`,
    effects.flatMap((effect) => [effect.kind, effect.key, JSON.stringify(effect.payload)]),
  );
  return result.affectedRows;
}

/**
 * Inside the caller's transaction: up to `limit` unrelayed rows, oldest first, claimed with SKIP LOCKED so
 * several workers relay in parallel without taking the same row.
 */
export async function claimPendingOutbox(em: EntityManager, limit: number): Promise<PendingOutboxRow[]> {
  return rows<PendingOutboxRow>(
    em,
    'SELECT id, kind, business_key, payload FROM outbox WHERE relayed_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED',
    [limit],
  );
}

export async function markRelayed(em: EntityManager, ids: readonly number[]): Promise<void> {
  await write(
    em,
    `UPDATE outbox SET relayed_at = UTC_TIMESTAMP(6), attempts = attempts + 1 WHERE id IN (${ids.map(() => '?').join(',')})`,
    [...ids],
  );
}
