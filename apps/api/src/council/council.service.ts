import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, type CouncilRole } from '@lib/database';
import { finalScore } from '@lib/criteria';
import { notFound } from '@lib/common';
import { AuditLog, WorkflowRunner, rows, write, type Actor } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { ConsolidationEngine, type Consolidation } from '../consolidation/consolidation.engine';
import { isoDate, lockCampaignFor } from '../consolidation/consolidation.service';
import { checkCouncilScore, writeCouncilScore } from '../consolidation/council-score';
import { CouncilErrors, REFUSED_COUNCIL_APPROVAL } from './council.errors';
import type { MinutesDoc } from '../exports/documents';

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
  }>;
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
    input: { heldOn: string; location?: string; members: CouncilMemberInput[] },
    actor: Actor,
  ): Promise<CouncilSessionView> {
    const chairs = input.members.filter((m) => m.role === 'chair');
    if (chairs.length !== 1) {
      throw CouncilErrors.oneChair();
    }
    const id = await this.ds.transaction(async (em) => {
      await lockCampaignFor(em, campaignId, user.authorityId, 'council');
      const [open] = await rows<{ id: number }>(
        em,
        "SELECT id FROM council_sessions WHERE campaign_id = ? AND status = 'open' FOR UPDATE",
        [campaignId],
      );
      if (open) {
        throw CouncilErrors.sessionOpen(open.id);
      }
      const [seq] = await rows<{ n: number | null }>(
        em,
        'SELECT MAX(sequence) AS n FROM council_sessions WHERE campaign_id = ?',
        [campaignId],
      );
      const inserted = await write(
        em,
        'INSERT INTO council_sessions (campaign_id, sequence, held_on, location, status, created_by) VALUES (?, ?, ?, ?, ?, ?)',
        [campaignId, Number(seq?.n ?? 0) + 1, input.heldOn.slice(0, 10), input.location ?? null, 'open', user.id],
      );
      for (const m of input.members) {
        await write(
          em,
          'INSERT INTO council_members (session_id, user_id, full_name, position, role) VALUES (?, ?, ?, ?, ?)',
          [inserted.insertId, m.userId ?? null, m.fullName, m.position ?? null, m.role],
        );
      }
      await this.audit.record(em, actor, {
        action: 'council.sessionCreated',
        entityType: 'campaign',
        entityId: campaignId,
        data: { sessionId: inserted.insertId, heldOn: input.heldOn, members: input.members.length },
      });
      return inserted.insertId;
    });
    return this.get(user, campaignId, id);
  }

  async list(user: SessionUser, campaignId: number): Promise<CouncilSessionView[]> {
    const found = await rows<{ id: number }>(
      this.ds.manager,
      'SELECT s.id FROM council_sessions s JOIN campaigns c ON c.id = s.campaign_id WHERE s.campaign_id = ? AND c.authority_id = ? ORDER BY s.sequence',
      [campaignId, user.authorityId],
    );
    return Promise.all(found.map((s) => this.get(user, campaignId, s.id)));
  }

  async get(user: SessionUser, campaignId: number, sessionId: number): Promise<CouncilSessionView> {
    const em = this.ds.manager;
    const [s] = await rows<{
      id: number;
      campaign_id: number;
      sequence: number;
      held_on: string | Date;
      location: string | null;
      status: string;
      conclusions: string | null;
      approved_at: Date | null;
    }>(
      em,
      `SELECT s.* FROM council_sessions s JOIN campaigns c ON c.id = s.campaign_id
        WHERE s.id = ? AND s.campaign_id = ? AND c.authority_id = ?`,
      [sessionId, campaignId, user.authorityId],
    );
    if (!s) {
      throw notFound('council session');
    }
    const members = await rows<{
      id: number;
      full_name: string;
      position: string | null;
      role: string;
      user_id: number | null;
    }>(em, 'SELECT id, full_name, position, role, user_id FROM council_members WHERE session_id = ? ORDER BY id', [
      sessionId,
    ]);
    const adjustments = await rows<{
      id: number;
      unit_id: number;
      unit_name: string;
      criterion_code: string;
      previous_milli: number | null;
      council_milli: number;
      reason: string;
      proposed_by_member_id: number;
      proposed_by: string;
      created_at: Date;
    }>(
      em,
      `SELECT a.id, a.unit_id, u.name AS unit_name, a.criterion_code, a.previous_milli, a.council_milli, a.reason,
              a.proposed_by_member_id, m.full_name AS proposed_by, a.created_at
         FROM council_adjustments a JOIN units u ON u.id = a.unit_id JOIN council_members m ON m.id = a.proposed_by_member_id
        WHERE a.session_id = ? ORDER BY a.id`,
      [sessionId],
    );
    return {
      id: s.id,
      campaignId: s.campaign_id,
      sequence: s.sequence,
      heldOn: isoDate(s.held_on),
      location: s.location,
      status: s.status,
      conclusions: s.conclusions,
      approvedAt: s.approved_at ? new Date(s.approved_at).toISOString() : null,
      members: members.map((m) => ({
        id: m.id,
        fullName: m.full_name,
        position: m.position,
        role: m.role,
        userId: m.user_id,
      })),
      adjustments: adjustments.map((a) => ({
        id: a.id,
        unitId: a.unit_id,
        unitName: a.unit_name,
        criterionCode: a.criterion_code,
        previousMilli: a.previous_milli,
        councilMilli: a.council_milli,
        reason: a.reason,
        proposedByMemberId: a.proposed_by_member_id,
        proposedBy: a.proposed_by,
        createdAt: new Date(a.created_at).toISOString(),
      })),
    };
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
    input: { unitId: number; criterionCode: string; points: string; reason: string; proposedByMemberId: number },
    actor: Actor,
  ): Promise<CouncilSessionView> {
    await this.ds.transaction(async (em) => {
      await lockCampaignFor(em, campaignId, user.authorityId, 'council');
      await this.openSession(em, campaignId, sessionId);
      const [member] = await rows<{ id: number }>(
        em,
        'SELECT id FROM council_members WHERE id = ? AND session_id = ?',
        [input.proposedByMemberId, sessionId],
      );
      if (!member) {
        throw CouncilErrors.notAMember();
      }
      const score = await checkCouncilScore(em, campaignId, input);
      const [entry] = await rows<{ r1: number | null; r2: number | null; co: number | null }>(
        em,
        'SELECT appraised_r1_milli AS r1, appraised_r2_milli AS r2, council_milli AS co FROM score_entries WHERE sheet_id = ? AND criterion_code = ? FOR UPDATE',
        [score.sheetId, input.criterionCode],
      );
      const previous = entry ? finalScore({ round1: entry.r1, round2: entry.r2, council: entry.co }) : null;
      await write(
        em,
        `INSERT INTO council_adjustments (session_id, campaign_id, unit_id, criterion_code, previous_milli, council_milli, reason, proposed_by_member_id, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          sessionId,
          campaignId,
          input.unitId,
          input.criterionCode,
          previous,
          score.milli,
          input.reason,
          input.proposedByMemberId,
          user.id,
        ],
      );
      await writeCouncilScore(em, score, input.reason, user.id);
      await this.audit.record(em, actor, {
        action: 'council.adjusted',
        entityType: 'campaign',
        entityId: campaignId,
        data: { sessionId, ...input, previousMilli: previous, councilMilli: score.milli },
      });
    });
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
    conclusions: string | undefined,
    actor: Actor,
  ): Promise<CouncilSessionView> {
    await this.ds.transaction(async (em) => {
      await lockCampaignFor(em, campaignId, user.authorityId, 'council');
      await this.openSession(em, campaignId, sessionId);
      const [chair] = await rows<{ user_id: number | null }>(
        em,
        "SELECT user_id FROM council_members WHERE session_id = ? AND role = 'chair'",
        [sessionId],
      );
      if (!chair || chair.user_id !== user.id) {
        throw CouncilErrors.notTheChair();
      }
      await this.runner.transitionIn(em, {
        machineId: 'campaign',
        id: campaignId,
        event: ({ now }) => ({ type: 'council.approved', by: actor.label, at: now.toISOString() }),
        actor,
        auditData: { sessionId },
        onRefused: REFUSED_COUNCIL_APPROVAL,
      });
      await write(
        em,
        "UPDATE council_sessions SET status = 'approved', approved_by = ?, approved_at = UTC_TIMESTAMP(6), conclusions = ? WHERE id = ?",
        [user.id, conclusions ?? null, sessionId],
      );
      const sheets = await rows<{ id: number }>(
        em,
        "SELECT id FROM score_sheets WHERE campaign_id = ? AND state = 'appraised' ORDER BY id",
        [campaignId],
      );
      for (const s of sheets) {
        await this.runner.transitionIn(em, {
          machineId: 'scoreSheet',
          id: s.id,
          event: { type: 'council.finalised' },
          actor,
          onRefused: 'ignore',
        });
      }
    });
    this.runner.nudgeRelay();
    return this.get(user, campaignId, sessionId);
  }

  async minutes(user: SessionUser, campaignId: number, sessionId: number): Promise<MinutesDoc> {
    const s = await this.get(user, campaignId, sessionId);
    const agenda = await this.agenda(user, campaignId);
    return {
      campaignName: agenda.campaignName,
      sequence: s.sequence,
      heldOn: s.heldOn,
      location: s.location,
      status: s.status,
      conclusions: s.conclusions,
      members: s.members,
      adjustments: s.adjustments,
      agenda,
    };
  }

  private async openSession(em: import('typeorm').EntityManager, campaignId: number, sessionId: number): Promise<void> {
    const [s] = await rows<{ status: string }>(
      em,
      'SELECT status FROM council_sessions WHERE id = ? AND campaign_id = ? FOR UPDATE',
      [sessionId, campaignId],
    );
    if (!s) {
      throw notFound('council session');
    }
    if (s.status !== 'open') {
      throw CouncilErrors.sessionClosed();
    }
  }
}
