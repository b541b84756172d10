import { Inject, Injectable, Logger } from '@nestjs/common';
import { DATA_SOURCE, inTransaction } from '@lib/database';
import type { DataSource } from 'typeorm';
import type { WorkflowEvent } from '../machines';
import { JobQueue } from '../queue';
import { deadlineDueAt, lockDeadline, markDeadline, scheduledDeadlines } from './deadline.queries';
import { deadlineJobId } from './outbox-routes';
import { OutboxRelay } from './outbox-relay.service';
import { WORKFLOW_TABLES, WorkflowRunner, type WorkflowMachineId } from './workflow-runner.service';

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
    const outcome = await inTransaction(this.ds, async (em) => {
      const deadline = await lockDeadline(em, deadlineId);
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
      await markDeadline(em, deadline.id, generation, result.accepted ? 'fired' : 'skipped');
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
    const scheduled = await scheduledDeadlines(this.ds.manager);
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
    const due = dueAt ?? (await deadlineDueAt(this.ds.manager, deadlineId));
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
