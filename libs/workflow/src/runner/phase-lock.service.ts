import { Inject, Injectable, Logger } from '@nestjs/common';
import { DATA_SOURCE, inTransaction } from '@lib/database';
import type { DataSource } from 'typeorm';
import { readCampaignFacts, sheetFactsOf, sheetWindow } from '../gate';
import type { PersistedSnapshot } from '../machines';
import { draftSheetIds, lockDraftSnapshot } from './phase-lock.queries';
import { WorkflowRunner } from './workflow-runner.service';

const SYSTEM = { userId: null, label: 'system:phase-closed' };

/**
 * After the secretariat closes self-assessment early, every draft sheet the phase gate holds closed moves to
 * `locked` (so its state, its views and its reminders agree with the gate, which refuses its writes from the
 * instant of the close). Idempotent: a sheet already locked or submitted is skipped, and so is one extended
 * after the close (its window is open again). One transaction per sheet, the sheet row first.
 */
@Injectable()
export class PhaseLockService {
  private readonly logger = new Logger('PhaseLocks');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
  ) {}

  async lockDraftSheets(campaignId: number): Promise<number> {
    const drafts = await draftSheetIds(this.ds.manager, campaignId);
    let locked = 0;
    for (const id of drafts) {
      const done = await inTransaction(this.ds, async (em) => {
        const snapshot = await lockDraftSnapshot(em, id);
        if (snapshot === undefined) {
          return false;
        }
        const facts = await readCampaignFacts(em, campaignId, { lock: true });
        const window = sheetWindow(facts, sheetFactsOf(JSON.parse(snapshot) as PersistedSnapshot));
        if (window.closed?.by !== 'closedEarly') {
          return false;
        }
        const outcome = await this.runner.transitionIn(em, {
          machineId: 'scoreSheet',
          id,
          event: { type: 'phase.closed', phase: 'selfAssessment' },
          actor: SYSTEM,
          onRefused: 'ignore',
        });
        return outcome.accepted;
      });
      locked += done ? 1 : 0;
    }
    if (locked > 0) {
      this.runner.nudgeRelay();
      this.logger.log(`campaign ${campaignId}: ${locked} draft sheets locked after the early close`);
    }
    return locked;
  }
}
