import { Inject, Injectable, Logger } from '@nestjs/common';
import { DATA_SOURCE, inTransaction, isDeadlock } from '@lib/database';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, notFound } from '@lib/common';
import { latestVersion, startInstance, stepInstance, type StepResult, type WorkflowEvent } from '../machines';
import { JobQueue } from '../queue';
import { AuditLog, type Actor, type AuditInput } from './audit-log.service';
import {
  loadInstance,
  writeInstanceAndHead,
  type InstanceRow,
  type LoadedRow,
  type WorkflowMachineId,
} from './instance.queries';
import { concurrentUpdate, eventNotAccepted, type RefusedAction } from './workflow-errors';
import { EffectRecorder } from './effect-recorder';

export { WORKFLOW_TABLES, type InstanceRow, type WorkflowMachineId } from './instance.queries';

export interface TransitionRequest {
  machineId: WorkflowMachineId;
  id: number;
  /** The event, or a function building it from the row and the database clock (e.g. `sheet.submitted {at: now}`). */
  event: WorkflowEvent | ((ctx: { row: InstanceRow; now: Date }) => WorkflowEvent);
  actor: Actor;
  /** Optimistic check from the client (If-Match); the version is checked again by the UPDATE. */
  expectedVersion?: number;
  /** Runs in the transaction before stepping: stage locks, scope checks. Throw to refuse. */
  before?: (em: EntityManager, ctx: { row: InstanceRow; now: Date }) => Promise<void>;
  /** Runs in the transaction after the snapshot is written: the other rows of the same fact. */
  after?: (em: EntityManager, ctx: { row: InstanceRow; result: StepResult; now: Date }) => Promise<void>;
  /**
   * What a refused event means here: what was tried and when it is possible (409 EVENT_NOT_ACCEPTED naming the
   * state in words), another error, or 'ignore' (returns `accepted: false`). Default: EVENT_NOT_ACCEPTED.
   */
  onRefused?: RefusedAction | AppError | 'ignore';
  /** Extra audit details (e.g. the reason of an extension). */
  auditData?: Record<string, unknown>;
}

export interface TransitionOutcome {
  accepted: boolean;
  from: string;
  state: string;
  version: number;
  effects: StepResult['effects'];
}

/**
 * The runner — docs/ARCHITECTURE.md §invariant-2: read the snapshot → step the pure machine → conditional UPDATE on
 * the version column (exactly one row, else 409) → audit row → outbox rows → COMMIT, all in one InnoDB
 * transaction. After the commit it nudges the outbox relay; if Redis is down the scheduled relay and the
 * reconciler pick the rows up later, so nothing is lost.
 */
@Injectable()
export class WorkflowRunner {
  private readonly logger = new Logger('WorkflowRunner');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly audit: AuditLog,
    private readonly effects: EffectRecorder,
    private readonly jobs: JobQueue,
  ) {}

  /** Columns for a new subject row before `start` (inserted by the caller in the same transaction). */
  static newInstanceColumns(machineId: WorkflowMachineId): {
    machine_id: string;
    machine_version: number;
    state: string;
    snapshot: string;
    version: number;
  } {
    return {
      machine_id: machineId,
      machine_version: latestVersion(machineId),
      state: 'new',
      snapshot: '{}',
      version: 0,
    };
  }

  /** Start the instance of a freshly inserted subject row (version 0) inside the caller's transaction. */
  async start(
    em: EntityManager,
    req: { machineId: WorkflowMachineId; id: number; input: unknown; actor: Actor },
  ): Promise<TransitionOutcome> {
    const row = await this.load(em, req.machineId, req.id);
    const result = startInstance(req.machineId, req.input);
    const now = row.now;
    await this.persist(em, req.machineId, row, result, now, req.actor, 'instance.started', {});
    return { accepted: true, from: row.state, state: result.value, version: row.version + 1, effects: result.effects };
  }

  /** Apply one event in its own transaction (or the caller's, with `transitionIn`), then nudge the relay. */
  async transition(req: TransitionRequest): Promise<TransitionOutcome> {
    const outcome = await this.transaction((em) => this.transitionIn(em, req));
    if (outcome.effects.length > 0) {
      this.nudgeRelay();
    }
    return outcome;
  }

  async transitionIn(em: EntityManager, req: TransitionRequest): Promise<TransitionOutcome> {
    const row = await this.load(em, req.machineId, req.id);
    if (req.expectedVersion !== undefined && req.expectedVersion !== row.version) {
      throw staleVersion(row.version);
    }
    const now = row.now;
    await req.before?.(em, { row, now });
    const event = typeof req.event === 'function' ? req.event({ row, now }) : req.event;
    const result = stepInstance(row.machine_id, row.machine_version, JSON.parse(row.snapshot), event);
    if (!result.changed) {
      if (req.onRefused === 'ignore') {
        return { accepted: false, from: row.state, state: row.state, version: row.version, effects: [] };
      }
      throw req.onRefused instanceof AppError
        ? req.onRefused
        : eventNotAccepted(req.machineId, row.state, req.onRefused, { event: event.type });
    }
    await this.persist(em, req.machineId, row, result, now, req.actor, event.type, { event, ...req.auditData });
    await req.after?.(em, { row, result, now });
    return { accepted: true, from: row.state, state: result.value, version: row.version + 1, effects: result.effects };
  }

  /**
   * The transaction every transition runs in, for the writes that are not transitions but lock the same rows (a
   * score in review, a confirmation, an evidence upload): on a connection of the autocommit-off pool (see
   * `inTransaction`), and run again whole when InnoDB chose it as a deadlock's victim — it was rolled back, nothing
   * of it is left, and the person who sent it gets their answer instead of a 409 for a race they did not cause.
   * `work` may therefore run more than once: it must only read and write the database.
   */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return retryOnDeadlock(() => inTransaction(this.ds, work));
  }

  /** Best effort: the relay also runs on a schedule and at every reconcile. */
  nudgeRelay(): void {
    this.jobs.add('outbox.relay', {}).catch((error: unknown) => {
      this.logger.warn(
        `outbox relay not nudged (${(error as Error).message}); the scheduled relay will pick the rows up`,
      );
    });
  }

  /** The row and the database clock in one round trip. */
  private async load(em: EntityManager, machineId: WorkflowMachineId, id: number): Promise<LoadedRow> {
    const row = await loadInstance(em, machineId, id);
    if (!row) {
      throw notFound(machineId);
    }
    return row;
  }

  private async persist(
    em: EntityManager,
    machineId: WorkflowMachineId,
    row: LoadedRow,
    result: StepResult,
    now: Date,
    actor: Actor,
    action: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    const entry: AuditInput = {
      actorUserId: actor.userId,
      actor: actor.label,
      action,
      entityType: machineId,
      entityId: row.id,
      fromState: row.state,
      toState: result.value,
      requestId: actor.requestId ?? null,
      data: { ...data, effects: result.effects.map((e) => e.key) },
    };
    const effects = { campaignId: row.campaign_id, subjectType: machineId, subjectId: row.id, now };
    // The entry is hashed onto the head read with the row; the snapshot and the head move in one conditional UPDATE
    // of that row, then the entry is inserted: SELECT, UPDATE, INSERT before COMMIT, like the bare baseline.
    const prepared = this.audit.prepare(entry, now, row.head);
    const head = { fromSeq: row.head.seq, ...prepared.next };
    if (!(await writeInstanceAndHead(em, machineId, row, result, head))) {
      throw staleVersion(row.version);
    }
    await this.effects.record(em, result.effects, effects);
    await this.audit.insertPrepared(em, prepared);
  }
}

/**
 * InnoDB picks a victim when two transactions lock the same rows in different orders (an api write racing a
 * deadline job). The victim was rolled back whole, so running it again is safe; a few tries, with jitter.
 */
async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
    }
  }
}

function staleVersion(current: number): AppError {
  return concurrentUpdate(current);
}
