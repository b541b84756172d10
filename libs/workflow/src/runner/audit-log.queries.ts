/**
 * The tamper-evident audit log's SQL: rows of audit_log and the per-entity stream heads (audit_streams) they
 * chain from. Hashing and the order of these statements are AuditLog's; this is only where they are written.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface StreamHeadRow {
  last_seq: number;
  last_hash: string;
}

/** Inside the caller's transaction: the entity's stream head, locked (undefined before its first entry). */
export async function lockStreamHead(
  em: EntityManager,
  entityType: string,
  entityId: number,
): Promise<StreamHeadRow | undefined> {
  const [head] = await rows<StreamHeadRow>(
    em,
    'SELECT last_seq, last_hash FROM audit_streams WHERE entity_type = ? AND entity_id = ? FOR UPDATE',
    [entityType, entityId],
  );
  return head;
}

/** Creates the stream head unless one exists (a concurrent first writer may have won); rows written (0 or 1). */
export async function createStreamHead(
  em: EntityManager,
  entityType: string,
  entityId: number,
  head: { seq: number; hash: string },
): Promise<number> {
  const created = await write(
    em,
    'INSERT IGNORE INTO audit_streams (entity_type, entity_id, last_seq, last_hash) VALUES (?, ?, ?, ?)',
    [entityType, entityId, head.seq, head.hash],
  );
  return created.affectedRows;
}

/**
 * Moves the stream head to the new last entry — only from `fromSeq` when given (the append that read the head
 * without a lock). Rows written (0 when another writer moved it first).
 */
export async function moveStreamHead(
  em: EntityManager,
  entityType: string,
  entityId: number,
  head: { seq: number; hash: string },
  fromSeq?: number,
): Promise<number> {
  const moved = await write(
    em,
    `UPDATE audit_streams SET last_seq = ?, last_hash = ? WHERE entity_type = ? AND entity_id = ?${fromSeq === undefined ? '' : ' AND last_seq = ?'}`,
    fromSeq === undefined
      ? [head.seq, head.hash, entityType, entityId]
      : [head.seq, head.hash, entityType, entityId, fromSeq],
  );
  return moved.affectedRows;
}

/** The INSERT of one audit row: the hashed `columns` in order, then the previous and the row's own hash. */
export function auditInsertStatement(columns: readonly string[]): string {
  return `INSERT INTO audit_log (${columns.join(', ')}, prev_hash, row_hash) VALUES (${columns.map(() => '?').join(', ')}, ?, ?)`;
}

/** Inserts one audit row with `statement` ({@link auditInsertStatement}), prepared: it is on every transition. */
export async function insertAuditRow(em: EntityManager, statement: string, params: readonly unknown[]): Promise<void> {
  await write(em, statement, [...params], { prepared: true });
}

/** Up to `limit` audit rows after `afterId`, in id order (the verifier walks the whole log in batches). */
export async function auditRowsAfter<T>(em: EntityManager, afterId: number, limit: number): Promise<T[]> {
  return rows<T>(em, 'SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?', [afterId, limit]);
}

export async function streamHeads(
  em: EntityManager,
): Promise<{ entity_type: string; entity_id: number; last_seq: number; last_hash: string }[]> {
  return rows(em, 'SELECT entity_type, entity_id, last_seq, last_hash FROM audit_streams');
}
