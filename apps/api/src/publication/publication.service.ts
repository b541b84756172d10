import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, dbNow } from '@lib/database';
import { notFound } from '@lib/common';
import { AuditLog, WorkflowRunner, assertWritable, type Actor } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import { lockCampaignRow } from '../campaigns/campaign.queries';
import type { SessionUser } from '../common/session-user';
import { ConsolidationEngine } from '../consolidation/consolidation.engine';
import { lockCampaignFor } from '../consolidation/consolidation.service';
import { checkCouncilScore, writeCouncilScore } from '../consolidation/council-score';
import { assertDecisionReady } from '../consolidation/decision-readiness';
import { PublicationErrors, REFUSED } from './publication.errors';
import { asCorrection, insertPublication, lockLatestPublication, publicationIdOf } from './publication.queries';
import { PublishedRankingsService, type PublicationView } from './published-rankings.service';
import { snapshotHash, tablesOf } from './published-tables';

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

/** Approval by leadership, publication decisions (revision 1) and corrections (revision n+1). */
@Injectable()
export class PublicationService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly audit: AuditLog,
    private readonly published: PublishedRankingsService,
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
   * Publish: freeze both ranking tables from the stored final scores as revision 1 and move the campaign to
   * `published` — one transaction, so a refused transition (no council or leadership approval) leaves nothing.
   */
  async publish(user: SessionUser, campaignId: number, input: DecisionInput, actor: Actor): Promise<PublicationView> {
    await this.published.assertCampaign(user, campaignId);
    const id = await this.ds.transaction(async (em) => {
      // The campaign row first, for update: two publications racing serialise here.
      await lockCampaignRow(em, campaignId);
      await assertWritable(em, { writer: 'approval', campaignId });
      if ((await publicationIdOf(em, campaignId)) !== undefined) {
        throw PublicationErrors.alreadyPublished();
      }
      await assertDecisionReady(em, campaignId, 'publication');
      const pubId = await this.freeze(em, campaignId, 1, null, null, input, user.id);
      await this.runner.transitionIn(em, {
        machineId: 'campaign',
        id: campaignId,
        event: { type: 'campaign.published', publicationId: pubId },
        actor,
        auditData: { decisionNumber: input.decisionNumber, revision: 1 },
        onRefused: REFUSED.publication,
      });
      return pubId;
    });
    this.runner.nudgeRelay();
    return this.published.byId(id);
  }

  /**
   * A correction (đính chính): optional council-level score changes with reasons, then a new revision frozen
   * from the corrected scores. The previous revisions stay as they were.
   */
  async correct(
    user: SessionUser,
    campaignId: number,
    input: DecisionInput & { reason: string; changes?: CorrectionChange[] },
    actor: Actor,
  ): Promise<PublicationView> {
    await this.published.assertCampaign(user, campaignId);
    const id = await this.ds.transaction(async (em) => {
      await lockCampaignFor(em, campaignId, user.authorityId, 'correction');
      const last = await lockLatestPublication(em, campaignId);
      if (!last) {
        throw notFound('publication');
      }
      const now = await dbNow(em);
      if (input.changes && input.changes.length > 0) {
        await this.applyCorrections(em, campaignId, input.changes, user.id);
      }
      const pubId = await this.freeze(em, campaignId, last.revision + 1, last.id, input.reason, input, user.id);
      await this.audit.record(
        em,
        actor,
        {
          action: 'publication.corrected',
          entityType: 'campaign',
          entityId: campaignId,
          data: {
            revision: last.revision + 1,
            supersedes: last.revision,
            reason: input.reason,
            changes: input.changes ?? [],
          },
        },
        now,
      );
      return pubId;
    });
    return this.published.byId(id);
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
  ): Promise<number> {
    const tables = tablesOf(await new ConsolidationEngine(em).consolidate(campaignId));
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
