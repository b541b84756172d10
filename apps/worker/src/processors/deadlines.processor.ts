import { Injectable } from '@nestjs/common';
import { DeadlineService, JobHandler, PhaseLockService, type FireOutcome, type JobPayloads } from '@lib/workflow';

/** Thin: deadline semantics (generations, idempotence, reconciliation) live in @lib/workflow. */
@Injectable()
export class DeadlinesProcessor {
  constructor(
    private readonly deadlines: DeadlineService,
    private readonly locks: PhaseLockService,
  ) {}

  @JobHandler('deadlines.fire')
  async fire(data: JobPayloads['deadlines.fire']): Promise<FireOutcome> {
    return this.deadlines.fire(data.deadlineId, data.generation);
  }

  @JobHandler('deadlines.phaseClosed')
  async phaseClosed(data: JobPayloads['deadlines.phaseClosed']): Promise<number> {
    return this.locks.lockDraftSheets(data.campaignId);
  }

  @JobHandler('deadlines.reconcile')
  async reconcile(): Promise<{ relayed: number; fired: number; rescheduled: number }> {
    return this.deadlines.reconcile();
  }
}
