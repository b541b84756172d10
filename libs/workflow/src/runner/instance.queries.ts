/**
 * Workflow instances: the subject rows that carry a machine's columns (snapshot, state, version). The one place
 * the runner reads and conditionally writes them.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';
import type { StepResult } from '../machines';
import type { StreamHead } from './audit-log.service';

/** Which table holds the instances of each machine (the subject row carries the workflow columns). */
export const WORKFLOW_TABLES = {
  campaign: 'campaigns',
  scoreSheet: 'score_sheets',
  appraisalTask: 'appraisal_tasks',
} as const;
export type WorkflowMachineId = keyof typeof WORKFLOW_TABLES;

export interface InstanceRow {
  id: number;
  campaign_id: number;
  machine_id: string;
  machine_version: number;
  state: string;
  snapshot: string;
  version: number;
}

/** An instance row with the database clock and its audit stream's head, read in one round trip. */
export interface LoadedRow extends InstanceRow {
  now: Date;
  head: StreamHead;
}

/** The runner's statements on an instance of one machine: see {@link loadInstance} and {@link writeInstanceAndHead}. */
export interface TransitionStatements {
  load: string;
  writeWithHead: string;
}

const statements = new Map<WorkflowMachineId, TransitionStatements>();

/**
 * The texts of the two statements a transition sends besides its audit row, built once per machine (the transitions
 * benchmark sends them bare, to measure what the runner adds to its own SQL).
 */
export function transitionStatements(machineId: WorkflowMachineId): TransitionStatements {
  let built = statements.get(machineId);
  if (!built) {
    const table = WORKFLOW_TABLES[machineId];
    const campaignColumn = machineId === 'campaign' ? 'id' : 'campaign_id';
    built = {
      load: `SELECT t.id, t.${campaignColumn} AS campaign_id, t.machine_id, t.machine_version, t.state, t.snapshot, t.version,
            UTC_TIMESTAMP(3) AS now, s.last_seq AS head_seq, s.last_hash AS head_hash
       FROM ${table} t
       LEFT JOIN audit_streams s ON s.entity_type = ? AND s.entity_id = t.id
      WHERE t.id = ?`,
      writeWithHead: `UPDATE ${table} t STRAIGHT_JOIN audit_streams s ON s.entity_type = ? AND s.entity_id = t.id
        SET t.snapshot = ?, t.state = ?, t.machine_version = ?, t.version = t.version + 1, s.last_seq = ?, s.last_hash = ?
      WHERE t.id = ? AND t.version = ? AND s.last_seq = ?`,
    };
    statements.set(machineId, built);
  }
  return built;
}

/**
 * The instance and the database clock in one round trip. The audit chain head is read here without a lock: the
 * instance's conditional UPDATE serialises its transitions, and the append itself detects any other writer.
 */
export async function loadInstance(
  em: EntityManager,
  machineId: WorkflowMachineId,
  id: number,
): Promise<LoadedRow | undefined> {
  const [row] = await rows<InstanceRow & { now: Date; head_seq: number | null; head_hash: string | null }>(
    em,
    transitionStatements(machineId).load,
    [machineId, id],
    { prepared: true },
  );
  if (!row) {
    return undefined;
  }
  const { head_seq, head_hash, ...instance } = row;
  return { ...instance, head: head_seq === null ? null : { seq: head_seq, hash: head_hash ?? '' } };
}

/** Writes the step's snapshot if the row still has the version it was read at; false when someone else won. */
export async function writeInstance(
  em: EntityManager,
  machineId: WorkflowMachineId,
  row: Pick<InstanceRow, 'id' | 'version'>,
  result: StepResult,
): Promise<boolean> {
  const updated = await write(
    em,
    `UPDATE ${WORKFLOW_TABLES[machineId]} SET snapshot = ?, state = ?, machine_version = ?, version = version + 1 WHERE id = ? AND version = ?`,
    [result.snapshotJson, result.value, result.machine.version, row.id, row.version],
  );
  return updated.affectedRows === 1;
}

/**
 * The conditional UPDATE of {@link writeInstance} and the move of the instance's audit stream head (from the seq
 * read with the row) in one multi-table statement: one round trip fewer per transition than UPDATE instance +
 * UPDATE head. The instance is named first so its row lock is taken before the head's, the order every other
 * writer of the same entity uses (row lock, then stream head). False when either was moved by someone else.
 */
export async function writeInstanceAndHead(
  em: EntityManager,
  machineId: WorkflowMachineId,
  row: Pick<InstanceRow, 'id' | 'version'>,
  result: StepResult,
  head: { fromSeq: number; seq: number; hash: string },
): Promise<boolean> {
  const updated = await write(
    em,
    transitionStatements(machineId).writeWithHead,
    [
      machineId,
      result.snapshotJson,
      result.value,
      result.machine.version,
      head.seq,
      head.hash,
      row.id,
      row.version,
      head.fromSeq,
    ],
    { prepared: true },
  );
  // Both rows change (version and seq always move), so success is exactly two affected rows.
  return updated.affectedRows === 2;
}
