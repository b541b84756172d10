import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, dbNow } from '@lib/database';
import { notFound } from '@lib/common';
import {
  AuditLog,
  JobQueue,
  WorkflowRunner,
  assertWritable,
  eventNotAccepted,
  stepInstance,
  type Actor,
} from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import { lockCampaignRow } from '../campaigns/campaign.queries';
import type { SessionUser } from '../common/session-user';
import { ConsolidationEngine, type ConsolidationProgress } from '../consolidation/consolidation.engine';
import { lockCampaignFor } from '../consolidation/consolidation.service';
import { checkCouncilScore, writeCouncilScore } from '../consolidation/council-score';
import { assertDecisionReady } from '../consolidation/decision-readiness';
import { PublicationErrors, REFUSED } from './publication.errors';
import {
  asCorrection,
  insertPublication,
  lockCampaignMachine,
  lockLatestPublication,
  publicationIdOf,
} from './publication.queries';
import { PublishedRankingsService } from './published-rankings.service';
import { snapshotHash, tablesOf } from './published-tables';
import { activeKeyOf, type PublicationJobKind } from '../reports/report-kinds';
import { markDone, type ReportJobRecord } from '../reports/report-jobs.queries';
import { enqueueReportJob, summaryOf, type ReportJobSummary } from '../reports/report-jobs.service';

export interface DecisionInput {
  decisionNumber: string;
  decisionDate: string;
  signerName: string;
  signerTitle?: string;
}

export interface CorrectionChange {
  unitId: number;
  criterionCode: string;
  points: string;
  reason: string;
}

/** What a publication job carries in `report_jobs.params`: the decision, a correction's reason and changes, the actor. */
export interface PublicationJobParams {
  decision: DecisionInput;
  reason?: string;
  changes?: CorrectionChange[];
  actor: Actor;
}

function pickDecision(input: DecisionInput): DecisionInput {
  return {
    decisionNumber: input.decisionNumber,
    decisionDate: input.decisionDate,
    signerName: input.signerName,
    ...(input.signerTitle !== undefined ? { signerTitle: input.signerTitle } : {}),
  };
}

/** The same decision asked for twice (who asked aside): a double click or a second person following it. */
function sameDecision(a: PublicationJobParams, b: PublicationJobParams): boolean {
  const what = (p: PublicationJobParams) =>
    JSON.stringify([pickDecision(p.decision), p.reason ?? null, p.changes ?? []]);
  return what(a) === what(b);
}

/** Approval by leadership, publication decisions (revision 1) and corrections (revision n+1). */
@Injectable()
export class PublicationService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly audit: AuditLog,
    private readonly published: PublishedRankingsService,
    private readonly jobs: JobQueue,
  ) {}

  /** `leadership.approved` on the campaign (after the council's approval). */
  async approveByLeadership(user: SessionUser, campaignId: number, actor: Actor): Promise<{ state: string }> {
    await this.published.assertCampaign(user, campaignId);
    const out = await this.runner.transition({
      machineId: 'campaign',
      id: campaignId,
      event: ({ now }) => ({ type: 'leadership.approved', by: actor.label, at: now.toISOString() }),
      actor,
      before: async (em) => {
        await assertWritable(em, { writer: 'approval', campaignId });
        await assertDecisionReady(em, campaignId, 'leadershipApproval');
      },
      onRefused: REFUSED.leadershipApproval,
    });
    return { state: out.state };
  }

  /**
   * Publish (revision 1) as a job: the request answers at once whether the write may happen now — the guard the job
   * runs again inside its own transaction (`publishGuard`), so a refusal (approvals missing, units not submitted …)
   * is a synchronous 409/422 with its list, in Vietnamese — and then 202 with the job. The consolidation and the
   * freeze run in the reports process (`runJob`): a national campaign takes seconds, never inside a request.
   */
  async requestPublish(
    user: SessionUser,
    campaignId: number,
    input: DecisionInput,
    actor: Actor,
  ): Promise<{ job: ReportJobSummary; created: boolean }> {
    await this.published.assertCampaign(user, campaignId);
    await this.ds.transaction((em) => this.publishGuard(em, campaignId));
    return this.enqueue(user, campaignId, 'publication', 1, { decision: pickDecision(input), actor });
  }

  /**
   * A correction (đính chính) as a job: optional council-level score changes with reasons, then a new revision
   * frozen from the corrected scores; the previous revisions stay as they were. The changes are checked now (a bad
   * leaf or points is refused at once); the job checks them again in its transaction before writing.
   */
  async requestCorrection(
    user: SessionUser,
    campaignId: number,
    input: DecisionInput & { reason: string; changes?: CorrectionChange[] },
    actor: Actor,
  ): Promise<{ job: ReportJobSummary; created: boolean }> {
    await this.published.assertCampaign(user, campaignId);
    const revision = await this.ds.transaction(async (em) => {
      const last = await this.correctionGuard(em, campaignId, user.authorityId, input.changes ?? []);
      return last.revision + 1;
    });
    return this.enqueue(user, campaignId, 'correction', revision, {
      decision: pickDecision(input),
      reason: input.reason,
      changes: input.changes ?? [],
      actor,
    });
  }

  /**
   * The job (reports process): one transaction that checks the guard again, consolidates, freezes the tables,
   * moves the campaign (or records the correction) and marks the job done — so a retried delivery either finds its
   * revision already there (and only marks the job done) or starts over; it never makes a second revision.
   */
  async runJob(row: ReportJobRecord, onProgress: ConsolidationProgress, doneVi: string): Promise<void> {
    const kind = row.kind as PublicationJobKind;
    const revision = row.revision ?? 1;
    const params = JSON.parse(row.params ?? '{}') as PublicationJobParams;
    let total: number | undefined;
    const counted: ConsolidationProgress = (done, all) => {
      total = all;
      onProgress(done, all);
    };
    const made = await this.ds.transaction(async (em) => {
      // The campaign row first, for both kinds (the order every publication writer locks in: campaign, then its
      // publications): a publication and a correction, or two deliveries of one job, serialise here.
      await lockCampaignRow(em, row.campaignId);
      if ((await publicationIdOf(em, row.campaignId, revision)) !== undefined) {
        // An earlier delivery of this job committed its revision (its done mark is in the same transaction, so
        // this is a redelivery racing the row's state): nothing to write.
        return undefined;
      }
      let pubId: number;
      if (kind === 'publication') {
        await this.publishGuard(em, row.campaignId);
        pubId = await this.freeze(em, row.campaignId, 1, null, null, params.decision, row.requestedBy, counted);
        await this.runner.transitionIn(em, {
          machineId: 'campaign',
          id: row.campaignId,
          event: { type: 'campaign.published', publicationId: pubId },
          actor: params.actor,
          auditData: { decisionNumber: params.decision.decisionNumber, revision: 1 },
          onRefused: REFUSED.publication,
        });
      } else {
        const changes = params.changes ?? [];
        const last = await this.correctionGuard(em, row.campaignId, row.authorityId, changes);
        if (last.revision + 1 !== revision) {
          throw PublicationErrors.revisionMoved();
        }
        const now = await dbNow(em);
        if (changes.length > 0) {
          await this.applyCorrections(em, row.campaignId, changes, row.requestedBy);
        }
        const reason = params.reason ?? '';
        pubId = await this.freeze(
          em,
          row.campaignId,
          revision,
          last.id,
          reason,
          params.decision,
          row.requestedBy,
          counted,
        );
        await this.audit.record(
          em,
          params.actor,
          {
            action: 'publication.corrected',
            entityType: 'campaign',
            entityId: row.campaignId,
            data: { revision, supersedes: last.revision, reason, changes },
          },
          now,
        );
      }
      if (!(await markDone(em, row.id, null, doneVi, total))) {
        // The row ended meanwhile: roll the revision back, it is not this job's to make.
        throw new Error(`report job ${row.id} is no longer running`);
      }
      return pubId;
    });
    if (made === undefined) {
      await markDone(this.ds.manager, row.id, null, doneVi);
    } else if (kind === 'publication') {
      this.runner.nudgeRelay();
    }
  }

  /**
   * May revision 1 be written now: the campaign row locked first (two publications racing serialise here), the
   * phase gate, not yet published, every unit decided (the list otherwise), and the campaign's machine accepting
   * `campaign.published` (both approvals). The request asks it to answer at once; the job asks it again.
   */
  private async publishGuard(em: EntityManager, campaignId: number): Promise<void> {
    const campaign = await lockCampaignMachine(em, campaignId);
    if (!campaign) {
      throw notFound('campaign');
    }
    await assertWritable(em, { writer: 'approval', campaignId });
    if ((await publicationIdOf(em, campaignId)) !== undefined) {
      throw PublicationErrors.alreadyPublished();
    }
    await assertDecisionReady(em, campaignId, 'publication');
    // The step the job will take, taken here on a copy (the publication's id is not known yet; any id will do).
    const step = stepInstance(campaign.machine_id, campaign.machine_version, JSON.parse(campaign.snapshot), {
      type: 'campaign.published',
      publicationId: 1,
    });
    if (!step.changed) {
      throw eventNotAccepted('campaign', campaign.state, REFUSED.publication, { event: 'campaign.published' });
    }
  }

  /** May a correction be written now: the phase gate, a publication to correct, every leaf change valid. */
  private async correctionGuard(
    em: EntityManager,
    campaignId: number,
    authorityId: number,
    changes: readonly CorrectionChange[],
  ): Promise<{ id: number; revision: number }> {
    await lockCampaignFor(em, campaignId, authorityId, 'correction');
    const last = await lockLatestPublication(em, campaignId);
    if (!last) {
      throw notFound('publication');
    }
    const engine = new ConsolidationEngine(em);
    for (const ch of changes) {
      await checkCouncilScore(em, campaignId, ch, engine);
    }
    return last;
  }

  private async enqueue(
    user: SessionUser,
    campaignId: number,
    kind: PublicationJobKind,
    revision: number,
    params: PublicationJobParams,
  ): Promise<{ job: ReportJobSummary; created: boolean }> {
    const { job, created } = await enqueueReportJob(
      this.ds.manager,
      this.jobs,
      {
        authorityId: user.authorityId,
        campaignId,
        kind,
        revision,
        subjectId: null,
        requestedBy: user.id,
        params: JSON.stringify(params),
      },
      // Keyed on campaign + revision: a second click, or a second person, follows the same job.
      activeKeyOf(kind, campaignId, revision, null),
    );
    // …when it asks for the same decision. A different one (another correction sent meanwhile) would otherwise be
    // answered with the first one's job and silently never written: refused instead, saying what to do.
    const running = job.params ? (JSON.parse(job.params) as PublicationJobParams) : undefined;
    if (!created && running && !sameDecision(running, params)) {
      throw PublicationErrors.otherDecisionInProgress(kind, running.decision.decisionNumber);
    }
    return { job: summaryOf(job), created };
  }

  private async applyCorrections(em: EntityManager, campaignId: number, changes: CorrectionChange[], userId: number) {
    const engine = new ConsolidationEngine(em);
    await asCorrection(em, async () => {
      for (const ch of changes) {
        const score = await checkCouncilScore(em, campaignId, ch, engine);
        await writeCouncilScore(em, score, `Đính chính: ${ch.reason}`, userId);
      }
    });
  }

  /** Insert the publication row and its frozen rankings; returns the id. */
  private async freeze(
    em: EntityManager,
    campaignId: number,
    revision: number,
    supersedesId: number | null,
    reason: string | null,
    input: DecisionInput,
    userId: number,
    onProgress?: ConsolidationProgress,
  ): Promise<number> {
    const tables = tablesOf(await new ConsolidationEngine(em).consolidate(campaignId, undefined, onProgress));
    return insertPublication(
      em,
      {
        campaignId,
        revision,
        decisionNumber: input.decisionNumber,
        decisionDate: input.decisionDate.slice(0, 10),
        signerName: input.signerName,
        signerTitle: input.signerTitle ?? null,
        supersedesId,
        correctionReason: reason,
        snapshotHash: snapshotHash(tables),
        publishedBy: userId,
      },
      tables,
    );
  }
}
