import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '@lib/common';
import { DATA_SOURCE } from '@lib/database';
import { JobQueue } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../../common/session-user';
import { EvidencePdfChecks } from '../pdf-inspector.provider';
import { findRun, insertOrFindActiveRun, recentRuns } from './recheck-runs.queries';
import { RECHECK_QUEUED_VI, recheckJobId, summaryOfRun, type RecheckRunSummary } from './recheck-view';

/**
 * The HTTP side of re-checking stored evidence: the secretariat asks (202 with the run to follow — e.g. after a
 * revocation became known, which no configuration change announces), and follows its progress. The checks
 * themselves run in the reports process (EvidenceRecheckProcessor).
 */
@Injectable()
export class EvidenceRecheckService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly jobs: JobQueue,
    private readonly pdf: EvidencePdfChecks,
  ) {}

  /**
   * Re-check every document of the caller's authority, or the run already queued or running for it (a second
   * click, a reload). The BullMQ job is (re-)added either way with the row's id: a no-op while it exists, the
   * repair when Redis lost it.
   */
  async request(user: SessionUser): Promise<{ run: RecheckRunSummary; created: boolean }> {
    const { run, created } = await insertOrFindActiveRun(
      this.ds.manager,
      { authorityId: user.authorityId, cause: 'requested', requestedBy: user.id, ...(await this.pdf.currentKey()) },
      RECHECK_QUEUED_VI,
    );
    await this.jobs.add('evidence.recheck', { runId: run.id }, { jobId: recheckJobId(run) });
    return { run: summaryOfRun(run), created };
  }

  async get(user: SessionUser, id: number): Promise<RecheckRunSummary> {
    const run = await findRun(this.ds.manager, id, user.authorityId);
    if (!run) {
      throw notFound('evidence re-check');
    }
    return summaryOfRun(run);
  }

  /** The runs of the last day that cover the caller's documents, newest first. */
  async list(user: SessionUser): Promise<RecheckRunSummary[]> {
    return (await recentRuns(this.ds.manager, user.authorityId)).map(summaryOfRun);
  }
}
