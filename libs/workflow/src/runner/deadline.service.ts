import { Inject, Injectable, Logger } from '@nestjs/common';
import { DATA_SOURCE, rows, write } from '@lib/database';
import type { DataSource } from 'typeorm';
import type { WorkflowEvent } from '../machines';
import { JobQueue } from '../queue';
import { deadlineJobId } from './outbox-routes';
import { OutboxRelay } from './outbox-relay.service';
import { WORKFLOW_TABLES, WorkflowRunner, type WorkflowMachineId } from './workflow-runner.service';

interface DeadlineRow {
  id: number;
  subject_type: string;
  subject_id: number;
  phase: string;
  due_at: Date;
  generation: number;
  event: string;
  status: string;
  due: number;
}

export type FireOutcome = 'fired' | 'stale' | 'notDue' | 'refused';

const SYSTEM = { userId: null, label: 'system:deadlines' };

/**
 * Deadlines are rows; jobs only wake us. `fire` is idempotent: it claims the row of that generation with a
 * conditional UPDATE in the same transaction as the instance's transition, so a duplicate job, a stale
 * generation or a second worker is a no-op. `reconcile` rebuilds what Redis lost and fires what is overdue.
 */
@Injectable()
export class DeadlineService {
  private readonly logger = new Logger('Deadlines');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly jobs: JobQueue,
    private readonly relay: OutboxRelay,
  ) {}

  async fire(deadlineId: number, generation: number): Promise<FireOutcome> {
    const outcome = await this.ds.transaction(async (em) => {
      const [deadline] = await rows<DeadlineRow>(
        em,
        'SELECT *, due_at <= UTC_TIMESTAMP(6) AS due FROM deadlines WHERE id = ? FOR UPDATE',
        [deadlineId],
      );
      if (!deadline || deadline.generation !== generation || deadline.status !== 'scheduled') {
        return 'stale' as const;
      }
      if (Number(deadline.due) !== 1) {
        return 'notDue' as const;
      }
      if (!(deadline.subject_type in WORKFLOW_TABLES)) {
        throw new Error(`deadline ${deadline.id}: unknown subject type ${deadline.subject_type}`);
      }
      const result = await this.runner.transitionIn(em, {
        machineId: deadline.subject_type as WorkflowMachineId,
        id: deadline.subject_id,
        event: JSON.parse(deadline.event) as WorkflowEvent,
        actor: SYSTEM,
        onRefused: 'ignore',
      });
      await write(em, 'UPDATE deadlines SET status = ?, fired_at = UTC_TIMESTAMP(6) WHERE id = ? AND generation = ?', [
        result.accepted ? 'fired' : 'skipped',
        deadline.id,
        generation,
      ]);
      return result.accepted ? ('fired' as const) : ('refused' as const);
    });
    if (outcome === 'notDue') {
      // Woken early (clock skew, or the instant moved within this generation): sleep again until it is due.
      await this.ensureJob(deadlineId, generation);
    }
    if (outcome === 'fired') {
      this.runner.nudgeRelay();
      this.logger.log(`deadline ${deadlineId} (g${generation}) fired`);
    }
    return outcome;
  }

  /**
   * Relay pending outbox rows, fire every overdue deadline, and make sure every future one has its delayed
   * job (Redis may have been flushed or restarted without persistence). Safe to run anywhere, any time.
   */
  async reconcile(): Promise<{ relayed: number; fired: number; rescheduled: number }> {
    const relayed = await this.relay.relayPending();
    const scheduled = await rows<DeadlineRow>(
      this.ds.manager,
      "SELECT id, generation, due_at, due_at <= UTC_TIMESTAMP(6) AS due FROM deadlines WHERE status = 'scheduled' ORDER BY due_at",
    );
    let fired = 0;
    let rescheduled = 0;
    for (const deadline of scheduled) {
      if (Number(deadline.due) === 1) {
        if ((await this.fire(deadline.id, deadline.generation)) === 'fired') {
          fired++;
        }
      } else if (await this.ensureJob(deadline.id, deadline.generation, deadline.due_at)) {
        rescheduled++;
      }
    }
    if (fired + rescheduled > 0) {
      this.logger.log(`reconciled: ${fired} overdue deadlines fired, ${rescheduled} missing jobs re-created`);
    }
    return { relayed, fired, rescheduled };
  }

  /** Add the delayed job of this generation unless it exists; returns true when it had to be created. */
  private async ensureJob(deadlineId: number, generation: number, dueAt?: Date): Promise<boolean> {
    const id = deadlineJobId(deadlineId, generation);
    const queue = this.jobs.queue('deadlines');
    const existing = await queue.getJob(id);
    if (existing && !(await existing.isCompleted()) && !(await existing.isFailed())) {
      return false;
    }
    if (existing) {
      await existing.remove();
    }
    const due =
      dueAt ??
      (await rows<{ due_at: Date }>(this.ds.manager, 'SELECT due_at FROM deadlines WHERE id = ?', [deadlineId]))[0]
        ?.due_at;
    if (!due) {
      return false;
    }
    await this.jobs.add(
      'deadlines.fire',
      { deadlineId, generation },
      { jobId: id, delayMs: due.getTime() - Date.now() },
    );
    return true;
  }
}
