import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@lib/common';
import { isDuplicateKey, dbNow } from '@lib/database';
import {
  auditRowsAfter,
  createStreamHead,
  auditInsertStatement,
  insertAuditRow,
  lockStreamHead,
  moveStreamHead,
  streamHeads,
} from './audit-log.queries';

export const GENESIS_HASH = '0'.repeat(64);

/** Who causes a transition or a write: recorded in the audit log. */
export interface Actor {
  userId: number | null;
  /** `user:<username>` or `system:<job>`. */
  label: string;
  requestId?: string | null;
}

/** What an actor did to an entity (the audit entry without the actor's columns). */
export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: number;
  fromState?: string | null;
  toState?: string | null;
  data?: Record<string, unknown>;
}

/** What happened, to what, by whom: one audit entry. */
export interface AuditInput {
  actorUserId?: number | null;
  /** `user:<username>` or `system:<job>`. */
  actor: string;
  action: string;
  entityType: string;
  entityId: number;
  fromState?: string | null;
  toState?: string | null;
  requestId?: string | null;
  data?: Record<string, unknown>;
}

interface StoredRow {
  id: number;
  occurred_at: Date;
  actor_user_id: number | null;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: number;
  seq: number;
  from_state: string | null;
  to_state: string | null;
  request_id: string | null;
  data: string;
  prev_hash: string;
  row_hash: string;
}

/** JSON with sorted keys, so the same data always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  // Keys in code-unit order (the default sort), undefined members left out, as JSON.stringify leaves them out.
  const record = value as Record<string, unknown>;
  let out = '';
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member !== undefined) {
      out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
    }
  }
  return `{${out}}`;
}

type HashedRow = Omit<StoredRow, 'id' | 'prev_hash' | 'row_hash'>;

/** The columns the hash covers, in order: every stored column but the id and the hashes. */
const HASHED_COLUMNS = [
  'occurred_at',
  'actor_user_id',
  'actor',
  'action',
  'entity_type',
  'entity_id',
  'seq',
  'from_state',
  'to_state',
  'request_id',
  'data',
] as const satisfies ReadonlyArray<keyof HashedRow>;

/** row_hash = sha256(prev_hash ‖ canonical row). */
export function auditRowHash(prevHash: string, row: HashedRow): string {
  // Every column is a string, a number or null: JSON.stringify of the array is its canonical JSON, in one call.
  const canonical = JSON.stringify(
    HASHED_COLUMNS.map((c) => (c === 'occurred_at' ? row.occurred_at.toISOString() : row[c])),
  );
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/**
 * The row of `input` at position `seq` of its entity's chain. Each entity has its own chain (its stream), locked
 * only for that entity, so unrelated writes never queue behind one global lock.
 */
function auditRow(input: AuditInput, at: Date, seq: number): HashedRow {
  return {
    occurred_at: at,
    actor_user_id: input.actorUserId ?? null,
    actor: input.actor,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId,
    seq,
    from_state: input.fromState ?? null,
    to_state: input.toState ?? null,
    request_id: input.requestId ?? null,
    data: canonicalJson(input.data ?? {}),
  };
}

/** A value of an audit row's INSERT (every column is one of these). */
type AuditParam = string | number | Date | null;

/** The INSERT of an audit row, built once: the text every append sends (prepared). */
export const AUDIT_ROW_INSERT = auditInsertStatement(HASHED_COLUMNS);

/** The parameters of {@link AUDIT_ROW_INSERT} for `row` chained from `prevHash` to `rowHash`. */
function auditRowParams(row: HashedRow, prevHash: string, rowHash: string): AuditParam[] {
  return [...HASHED_COLUMNS.map((c) => row[c]), prevHash, rowHash];
}

/** The parameters of {@link AUDIT_ROW_INSERT} for a prepared entry (the transitions benchmark sends them bare). */
export function auditInsertParams(entry: PreparedAuditEntry): AuditParam[] {
  return auditRowParams(entry.row, entry.previous.hash, entry.next.hash);
}

function insertRow(em: EntityManager, row: HashedRow, prevHash: string, rowHash: string): Promise<void> {
  return insertAuditRow(em, AUDIT_ROW_INSERT, auditRowParams(row, prevHash, rowHash));
}

function chainConflict(): AppError {
  return new AppError(
    'conflict',
    'CONCURRENT_UPDATE',
    'Dữ liệu vừa được người khác thay đổi; vui lòng tải lại và thử lại.',
    'Someone else changed this just now; reload and try again.',
  );
}

/** The head of an entity's chain: its last entry's seq and row_hash (0 and the genesis hash before the first). */
export interface StreamHead {
  seq: number;
  hash: string;
}

@Injectable()
export class AuditLog {
  /**
   * One audit entry for what `actor` did, at `at` (default: the database clock), in the caller's transaction — the
   * one place an actor becomes audit columns. Every audited write outside a transition uses it (the runner audits
   * transitions itself); security events too: `record(em, actor, { action: 'auth.loginFailed', entityType: 'user', entityId })`.
   */
  async record(em: EntityManager, actor: Actor, entry: AuditRecord, at?: Date): Promise<void> {
    await this.append(
      em,
      { actorUserId: actor.userId, actor: actor.label, requestId: actor.requestId ?? null, ...entry },
      at ?? (await dbNow(em)),
    );
  }

  /** Append one entry: the entity's chain head is locked (SELECT … FOR UPDATE), the row inserted, the head moved. */
  async append(em: EntityManager, input: AuditInput, at: Date): Promise<void> {
    const entityType = input.entityType;
    const entityId = input.entityId;
    let head = await lockStreamHead(em, entityType, entityId);
    if (!head) {
      // First entry of this entity: create its head (IGNORE: a concurrent first writer may have won), then lock it.
      await createStreamHead(em, entityType, entityId, { seq: 0, hash: GENESIS_HASH });
      head = (await lockStreamHead(em, entityType, entityId))!;
    }
    const row = auditRow(input, at, head.last_seq + 1);
    const rowHash = auditRowHash(head.last_hash, row);
    await insertRow(em, row, head.last_hash, rowHash);
    await moveStreamHead(em, entityType, entityId, { seq: row.seq, hash: rowHash });
  }

  /**
   * The entry that follows `head`, hashed but not written: the runner moves the instance's head (on its row) to
   * `next` in the same statement as its conditional UPDATE, reading the head with the row and without a lock, then
   * inserts the entry with {@link insertPrepared}. The caller must hold the head (that UPDATE, conditional on the
   * head still being at `previous.seq`, succeeded).
   */
  prepare(input: AuditInput, at: Date, head: StreamHead): PreparedAuditEntry {
    const row = auditRow(input, at, head.seq + 1);
    const rowHash = auditRowHash(head.hash, row);
    return { row, previous: head, next: { seq: row.seq, hash: rowHash } };
  }

  /** Inserts a prepared entry; a duplicate (entity, seq) — a fork of the chain — is a conflict, never a second row. */
  async insertPrepared(em: EntityManager, entry: PreparedAuditEntry): Promise<void> {
    try {
      await insertRow(em, entry.row, entry.previous.hash, entry.next.hash);
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw chainConflict();
      }
      throw error;
    }
  }
}

/** An audit entry hashed onto its chain, not yet written (see {@link AuditLog.prepare}). */
export interface PreparedAuditEntry {
  row: HashedRow;
  previous: StreamHead;
  next: StreamHead;
}

export type AuditVerification =
  | { ok: true; rows: number; streams: number }
  | { ok: false; rows: number; brokenAtId: number | null; entity: string; reason: string };

/**
 * Walks every chain in id order: each row must follow its stream's previous row (seq + 1, prev_hash) and
 * hash to its row_hash; finally every stream head must equal its last row (a deleted tail shows here).
 * Reports the first broken link.
 */
export async function verifyAuditChain(ds: DataSource, batchSize = 5000): Promise<AuditVerification> {
  const last = new Map<string, { seq: number; hash: string }>();
  let count = 0;
  let afterId = 0;
  for (;;) {
    const batch = await auditRowsAfter<StoredRow>(ds.manager, afterId, batchSize);
    if (batch.length === 0) {
      break;
    }
    for (const row of batch) {
      count++;
      const stream = `${row.entity_type}#${row.entity_id}`;
      const previous = last.get(stream) ?? { seq: 0, hash: GENESIS_HASH };
      const fail = (reason: string): AuditVerification => ({
        ok: false,
        rows: count,
        brokenAtId: row.id,
        entity: stream,
        reason,
      });
      if (row.seq !== previous.seq + 1) {
        return fail(`expected seq ${previous.seq + 1}, found ${row.seq} (a row is missing or was inserted)`);
      }
      if (row.prev_hash !== previous.hash) {
        return fail('prev_hash does not match the previous row of this entity');
      }
      const expected = auditRowHash(row.prev_hash, row);
      if (row.row_hash !== expected) {
        return fail('row_hash does not match the row content (the row was modified)');
      }
      last.set(stream, { seq: row.seq, hash: row.row_hash });
    }
    afterId = batch[batch.length - 1].id;
  }
  const heads = await streamHeads(ds.manager);
  for (const head of heads) {
    const stream = `${head.entity_type}#${head.entity_id}`;
    const seen = last.get(stream) ?? { seq: 0, hash: GENESIS_HASH };
    last.delete(stream);
    if (seen.seq !== head.last_seq || seen.hash !== head.last_hash) {
      return {
        ok: false,
        rows: count,
        brokenAtId: null,
        entity: stream,
        reason: `the chain ends at seq ${seen.seq} but its head says ${head.last_seq} (rows were deleted from the end)`,
      };
    }
  }
  // A chain whose head is gone (or was set back to the start) could have lost its tail unseen.
  const [headless] = last;
  if (headless) {
    return {
      ok: false,
      rows: count,
      brokenAtId: null,
      entity: headless[0],
      reason: `the chain ends at seq ${headless[1].seq} but it has no head (its head was removed or reset)`,
    };
  }
  return { ok: true, rows: count, streams: heads.length };
}
