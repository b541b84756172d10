/**
 * The tamper-evident audit log's SQL: rows of audit_log and the per-entity stream heads they chain from (on a
 * workflow instance's own row, else in audit_streams). Hashing and the order of these statements are AuditLog's;
 * this is only where they are written.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';
import { WORKFLOW_TABLES, type WorkflowMachineId } from './instance.queries';

export interface StreamHeadRow {
  last_seq: number;
  last_hash: string;
}

/**
 * The table whose row carries the entity's chain head, for a workflow instance: the transition's conditional
 * UPDATE moves the head with the snapshot, on one row (see instance.queries). Undefined for every other entity
 * type, whose head is its row of audit_streams.
 */
function instanceTable(entityType: string): string | undefined {
  return Object.hasOwn(WORKFLOW_TABLES, entityType) ? WORKFLOW_TABLES[entityType as WorkflowMachineId] : undefined;
}

/**
 * Inside the caller's transaction: the entity's stream head, locked (undefined before its first entry; for a
 * workflow instance, when there is no such row). An instance's writers lock its row first anyway (the sheet, the
 * task; the campaign through the phase gate), so this lock is one they already hold.
 */
export async function lockStreamHead(
  em: EntityManager,
  entityType: string,
  entityId: number,
): Promise<StreamHeadRow | undefined> {
  const table = instanceTable(entityType);
  const [head] = table
    ? await rows<StreamHeadRow>(
        em,
        `SELECT audit_seq AS last_seq, audit_hash AS last_hash FROM ${table} WHERE id = ? FOR UPDATE`,
        [entityId],
      )
    : await rows<StreamHeadRow>(
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
  if (instanceTable(entityType)) {
    // An instance's head is created with its row (the columns' defaults): no row, nothing to audit.
    throw new Error(`no ${entityType} ${entityId} to append an audit entry to`);
  }
  const created = await write(
    em,
    'INSERT IGNORE INTO audit_streams (entity_type, entity_id, last_seq, last_hash) VALUES (?, ?, ?, ?)',
    [entityType, entityId, head.seq, head.hash],
  );
  return created.affectedRows;
}

/** Moves the stream head (locked by {@link lockStreamHead}) to the new last entry. */
export async function moveStreamHead(
  em: EntityManager,
  entityType: string,
  entityId: number,
  head: { seq: number; hash: string },
): Promise<void> {
  const table = instanceTable(entityType);
  if (table) {
    await write(em, `UPDATE ${table} SET audit_seq = ?, audit_hash = ? WHERE id = ?`, [head.seq, head.hash, entityId]);
  } else {
    await write(em, 'UPDATE audit_streams SET last_seq = ?, last_hash = ? WHERE entity_type = ? AND entity_id = ?', [
      head.seq,
      head.hash,
      entityType,
      entityId,
    ]);
  }
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

/** Every stream's head: audit_streams, and each workflow instance with at least one entry. */
export async function streamHeads(
  em: EntityManager,
): Promise<{ entity_type: string; entity_id: number; last_seq: number; last_hash: string }[]> {
  const instances = Object.entries(WORKFLOW_TABLES).map(
    ([entityType, table]) => `SELECT '${entityType}', id, audit_seq, audit_hash FROM ${table} WHERE audit_seq > 0`,
  );
  return rows(
    em,
    ['SELECT entity_type, entity_id, last_seq, last_hash FROM audit_streams', ...instances].join(' UNION ALL '),
  );
}
