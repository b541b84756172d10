import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, type CouncilRole } from '@lib/database';
import { finalScore } from '@lib/criteria';
import { notFound } from '@lib/common';
import { AuditLog, WorkflowRunner, type Actor } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { ConsolidationEngine, type Consolidation } from '../consolidation/consolidation.engine';
import { isoDate, lockCampaignFor } from '../consolidation/consolidation.service';
import { checkCouncilScore, writeCouncilScore } from '../consolidation/council-score';
import { assertDecisionReady } from '../consolidation/decision-readiness';
import { lockLeafScores, sheetIdsInState } from '../sheets/sheet.queries';
import { CouncilErrors, REFUSED_COUNCIL_APPROVAL } from './council.errors';
import {
  COUNCIL_VOTE_RULES,
  DEFAULT_COUNCIL_RULES,
  voteProblems,
  type CouncilRules,
  type CouncilVoteRule,
  type VoteCounts,
} from './council-vote';
import {
  approveSession,
  chairUserId,
  councilRulesOf,
  findSession,
  insertAdjustment,
  insertRefusedVote,
  insertSession,
  isSessionMember,
  lockOpenSession,
  lockSessionStatus,
  sessionAdjustments,
  sessionIds,
  sessionMembers,
  sessionRefusedVotes,
  setCouncilRules,
  votingMemberCount,
} from './council.queries';
import type { MinutesDoc } from '../exports/documents';
import { findCampaign } from '../campaigns/campaign.queries';

export interface CouncilMemberInput {
  fullName: string;
  position?: string;
  role: CouncilRole;
  userId?: number;
}

export interface CouncilSessionView {
  id: number;
  campaignId: number;
  sequence: number;
  heldOn: string;
  location: string | null;
  status: string;
  conclusions: string | null;
  approvedAt: string | null;
  /** The approval's vote (null until approved, and on sessions approved before votes were recorded). */
  votes: VoteCounts | null;
  /** The campaign's vote rules and the members who vote (all but the secretary). */
  rules: CouncilRules;
  votingMembers: number;
  members: Array<{ id: number; fullName: string; position: string | null; role: string; userId: number | null }>;
  adjustments: Array<{
    id: number;
    unitId: number;
    unitName: string;
    criterionCode: string;
    previousMilli: number | null;
    councilMilli: number;
    reason: string;
    proposedByMemberId: number;
    proposedBy: string;
    createdAt: string;
    votes: VoteCounts | null;
  }>;
}

const ADJUSTMENT = { vi: 'điều chỉnh', en: 'adjustment' };
const RESULT = { vi: 'kết quả', en: 'result' };

function asRule(v: string): CouncilVoteRule {
  return (COUNCIL_VOTE_RULES as readonly string[]).includes(v) ? (v as CouncilVoteRule) : 'majority';
}

/** The Hội đồng thẩm định: sessions, adjustments with reasons, the chair's approval, the minutes. */
@Injectable()
export class CouncilService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly audit: AuditLog,
  ) {}

  async create(
    user: SessionUser,
    campaignId: number,
    input: { heldOn: string; location?: string; members: CouncilMemberInput[]; rules?: CouncilRules },
    actor: Actor,
  ): Promise<CouncilSessionView> {
    const chairs = input.members.filter((m) => m.role === 'chair');
    if (chairs.length !== 1) {
      throw CouncilErrors.oneChair();
    }
    const id = await this.ds.transaction(async (em) => {
      await lockCampaignFor(em, campaignId, user.authorityId, 'council');
      const open = await lockOpenSession(em, campaignId);
      if (open !== undefined) {
        throw CouncilErrors.sessionOpen(open);
      }
      const sessionId = await insertSession(
        em,
        { campaignId, heldOn: input.heldOn.slice(0, 10), location: input.location ?? null, createdBy: user.id },
        input.members,
      );
      if (input.rules) {
        await setCouncilRules(em, campaignId, input.rules);
      }
      await this.audit.record(em, actor, {
        action: 'council.sessionCreated',
        entityType: 'campaign',
        entityId: campaignId,
        data: { sessionId, heldOn: input.heldOn, members: input.members.length, rules: input.rules ?? null },
      });
      return sessionId;
    });
    return this.get(user, campaignId, id);
  }

  async list(user: SessionUser, campaignId: number): Promise<CouncilSessionView[]> {
    // Another authority's campaign is not found (404), not a campaign without sessions (found by the fuzzer).
    if (!(await findCampaign(this.ds.manager, campaignId, user.authorityId))) {
      throw notFound('campaign');
    }
    const ids = await sessionIds(this.ds.manager, campaignId, user.authorityId);
    return Promise.all(ids.map((id) => this.get(user, campaignId, id)));
  }

  async get(user: SessionUser, campaignId: number, sessionId: number): Promise<CouncilSessionView> {
    const em = this.ds.manager;
    const s = await findSession(em, sessionId, campaignId, user.authorityId);
    if (!s) {
      throw notFound('council session');
    }
    const adjustments = await sessionAdjustments(em, sessionId);
    return {
      votes: s.votes,
      rules: await this.rules(em, campaignId),
      votingMembers: await votingMemberCount(em, sessionId),
      id: s.id,
      campaignId: s.campaignId,
      sequence: s.sequence,
      heldOn: isoDate(s.heldOn),
      location: s.location,
      status: s.status,
      conclusions: s.conclusions,
      approvedAt: s.approvedAt ? s.approvedAt.toISOString() : null,
      members: await sessionMembers(em, sessionId),
      adjustments: adjustments.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    };
  }

  /** The campaign's vote rules (majority by default; an unknown stored value reads as majority). */
  private async rules(em: EntityManager, campaignId: number): Promise<CouncilRules> {
    const r = await councilRulesOf(em, campaignId);
    return r ? { quorum: asRule(r.quorum), threshold: asRule(r.threshold) } : DEFAULT_COUNCIL_RULES;
  }

  /**
   * Change the vote rules: a council write like any other, so the phase gate refuses it once the council has
   * approved (the rules it approved under stand) or before council review.
   */
  async setRules(user: SessionUser, campaignId: number, rules: CouncilRules, actor: Actor): Promise<CouncilRules> {
    await this.ds.transaction(async (em) => {
      await lockCampaignFor(em, campaignId, user.authorityId, 'council');
      await setCouncilRules(em, campaignId, rules);
      await this.audit.record(em, actor, {
        action: 'council.rulesChanged',
        entityType: 'campaign',
        entityId: campaignId,
        data: { ...rules },
      });
    });
    return this.rules(this.ds.manager, campaignId);
  }

  /**
   * The refusal of a vote that misses the quorum or the threshold of the campaign's rules, or undefined when it
   * carries. A refused vote is written to council_refused_votes (for the minutes) and nothing else: the caller
   * returns from its transaction without its decision and throws the refusal after the commit.
   */
  private async refusedVote(
    em: EntityManager,
    campaignId: number,
    sessionId: number,
    votes: VoteCounts,
    subject: { vi: string; en: string },
    record: { unitId: number | null; criterionCode: string | null; userId: number },
  ): Promise<Error | undefined> {
    const votingMembers = await votingMemberCount(em, sessionId);
    const rules = await this.rules(em, campaignId);
    const problems = voteProblems(votes, votingMembers, rules, subject);
    if (problems.length === 0) {
      return undefined;
    }
    const refusal = CouncilErrors.voteNotCarried(problems);
    await insertRefusedVote(em, {
      sessionId,
      unitId: record.unitId,
      criterionCode: record.criterionCode,
      votes,
      votingMembers,
      rules,
      reason: problems.map((p) => p.vi).join(' '),
      createdBy: record.userId,
    });
    return refusal;
  }

  /** The session's agenda: the consolidated table as it stands now. */
  agenda(user: SessionUser, campaignId: number): Promise<Consolidation> {
    return new ConsolidationEngine(this.ds.manager).consolidate(campaignId, user.authorityId);
  }

  /** Adjust one leaf of one unit: reason and proposing member required; the leaf's council score is set. */
  async adjust(
    user: SessionUser,
    campaignId: number,
    sessionId: number,
    input: {
      unitId: number;
      criterionCode: string;
      points: string;
      reason: string;
      proposedByMemberId: number;
    } & VoteCounts,
    actor: Actor,
  ): Promise<CouncilSessionView> {
    let refused: Error | undefined;
    await this.ds.transaction(async (em) => {
      await lockCampaignFor(em, campaignId, user.authorityId, 'council');
      await this.openSession(em, campaignId, sessionId);
      if (!(await isSessionMember(em, input.proposedByMemberId, sessionId))) {
        throw CouncilErrors.notAMember();
      }
      const votes = { votesFor: input.votesFor, votesAgainst: input.votesAgainst, votesAbstain: input.votesAbstain };
      refused = await this.refusedVote(em, campaignId, sessionId, votes, ADJUSTMENT, {
        unitId: input.unitId,
        criterionCode: input.criterionCode,
        userId: user.id,
      });
      if (refused) {
        return;
      }
      const score = await checkCouncilScore(em, campaignId, input);
      const entry = await lockLeafScores(em, score.sheetId, input.criterionCode);
      const previous = entry ? finalScore(entry) : null;
      await insertAdjustment(em, {
        sessionId,
        campaignId,
        unitId: input.unitId,
        criterionCode: input.criterionCode,
        previousMilli: previous,
        councilMilli: score.milli,
        reason: input.reason,
        proposedByMemberId: input.proposedByMemberId,
        createdBy: user.id,
        votes,
      });
      await writeCouncilScore(em, score, input.reason, user.id);
      await this.audit.record(em, actor, {
        action: 'council.adjusted',
        entityType: 'campaign',
        entityId: campaignId,
        data: { sessionId, ...input, previousMilli: previous, councilMilli: score.milli },
      });
    });
    if (refused) {
      throw refused;
    }
    return this.get(user, campaignId, sessionId);
  }

  /**
   * The chair approves: the session closes, the campaign takes `council.approved`, and every appraised sheet
   * becomes final (`council.finalised`) — one transaction.
   */
  async approve(
    user: SessionUser,
    campaignId: number,
    sessionId: number,
    input: { conclusions?: string } & VoteCounts,
    actor: Actor,
  ): Promise<CouncilSessionView> {
    const votes = { votesFor: input.votesFor, votesAgainst: input.votesAgainst, votesAbstain: input.votesAbstain };
    let refused: Error | undefined;
    await this.ds.transaction(async (em) => {
      await lockCampaignFor(em, campaignId, user.authorityId, 'council');
      await this.openSession(em, campaignId, sessionId);
      if ((await chairUserId(em, sessionId)) !== user.id) {
        throw CouncilErrors.notTheChair();
      }
      await assertDecisionReady(em, campaignId, 'councilApproval');
      refused = await this.refusedVote(em, campaignId, sessionId, votes, RESULT, {
        unitId: null,
        criterionCode: null,
        userId: user.id,
      });
      if (refused) {
        return;
      }
      await this.runner.transitionIn(em, {
        machineId: 'campaign',
        id: campaignId,
        event: ({ now }) => ({ type: 'council.approved', by: actor.label, at: now.toISOString() }),
        actor,
        auditData: { sessionId, ...votes },
        onRefused: REFUSED_COUNCIL_APPROVAL,
      });
      await approveSession(em, sessionId, user.id, input.conclusions ?? null, votes);
      for (const sheetId of await sheetIdsInState(em, campaignId, 'appraised')) {
        await this.runner.transitionIn(em, {
          machineId: 'scoreSheet',
          id: sheetId,
          event: { type: 'council.finalised' },
          actor,
          onRefused: 'ignore',
        });
      }
    });
    if (refused) {
      throw refused;
    }
    this.runner.nudgeRelay();
    return this.get(user, campaignId, sessionId);
  }

  private async openSession(em: EntityManager, campaignId: number, sessionId: number): Promise<void> {
    const status = await lockSessionStatus(em, sessionId, campaignId);
    if (status === undefined) {
      throw notFound('council session');
    }
    if (status !== 'open') {
      throw CouncilErrors.sessionClosed();
    }
  }
}

/**
 * What the minutes of a session need: the session, its members and adjustments, and the campaign's consolidated
 * table as its agenda. Read by the reports process ('minutes-docx' jobs): the agenda consolidates the whole
 * campaign, which is no work for an HTTP request on the national fixture. Undefined: no such session here.
 */
export async function loadMinutesDoc(
  em: EntityManager,
  authorityId: number,
  campaignId: number,
  sessionId: number,
): Promise<MinutesDoc | undefined> {
  const s = await findSession(em, sessionId, campaignId, authorityId);
  if (!s) {
    return undefined;
  }
  const agenda = await new ConsolidationEngine(em).consolidate(campaignId, authorityId);
  return {
    campaignName: agenda.campaignName,
    sequence: s.sequence,
    heldOn: isoDate(s.heldOn),
    location: s.location,
    status: s.status,
    conclusions: s.conclusions,
    members: await sessionMembers(em, sessionId),
    adjustments: await sessionAdjustments(em, sessionId),
    refusedVotes: await sessionRefusedVotes(em, sessionId),
    agenda,
  };
}
