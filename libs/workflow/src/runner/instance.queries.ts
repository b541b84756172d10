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

/** An instance row with the database clock and its audit chain's head (on the row), read in one round trip. */
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
      load: `SELECT id, ${campaignColumn} AS campaign_id, machine_id, machine_version, state, snapshot, version,
            UTC_TIMESTAMP(3) AS now, audit_seq AS head_seq, audit_hash AS head_hash
       FROM ${table} WHERE id = ?`,
      writeWithHead: `UPDATE ${table}
        SET snapshot = ?, state = ?, machine_version = ?, version = version + 1, audit_seq = ?, audit_hash = ?
      WHERE id = ? AND version = ? AND audit_seq = ?`,
    };
    statements.set(machineId, built);
  }
  return built;
}

/**
 * The instance, its audit chain head and the database clock in one round trip, without a lock: the conditional
 * UPDATE serialises the instance's transitions, and its condition on the head detects any other appender.
 */
export async function loadInstance(
  em: EntityManager,
  machineId: WorkflowMachineId,
  id: number,
): Promise<LoadedRow | undefined> {
  const [row] = await rows<InstanceRow & { now: Date; head_seq: number; head_hash: string }>(
    em,
    transitionStatements(machineId).load,
    [id],
    { prepared: true },
  );
  if (!row) {
    return undefined;
  }
  const { head_seq, head_hash, ...instance } = row;
  return { ...instance, head: { seq: head_seq, hash: head_hash } };
}

/**
 * Writes the step's snapshot and moves the instance's audit chain head (on the same row) to the step's entry, if
 * the row still has the version and the head it was read with: one row, one statement. False when someone else
 * won — another transition (version), or a write audited on this instance since the read (head).
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
    [result.snapshotJson, result.value, result.machine.version, head.seq, head.hash, row.id, row.version, head.fromSeq],
    { prepared: true },
  );
  return updated.affectedRows === 1;
}
