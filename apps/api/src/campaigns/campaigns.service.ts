import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { PHASE_NAMES, type Phase } from '@lib/criteria';
import { PhaseErrors } from './phase.errors';
import { notFound } from '@lib/common';
import {
  WorkflowRunner,
  assertWritable,
  phaseWindows,
  readCampaignFacts,
  rows,
  secondsLeft,
  type Actor,
  type PersistedSnapshot,
} from '@lib/workflow';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { deadlineOf } from '../sheets/sheet-view';
import type { CampaignUnitView, CampaignView } from './dto/campaign.dto';

/** Reads campaigns of the caller's authority, and applies the secretariat's campaign-level transitions. */
@Injectable()
export class CampaignsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
  ) {}

  async list(user: SessionUser): Promise<CampaignView[]> {
    const found = await rows<{ id: number }>(
      this.ds.manager,
      'SELECT id FROM campaigns WHERE authority_id = ? ORDER BY year DESC, id DESC',
      [user.authorityId],
    );
    return Promise.all(found.map((c) => this.get(user, c.id)));
  }

  async get(user: SessionUser, id: number): Promise<CampaignView> {
    const [campaign] = await rows<{
      id: number;
      code: string;
      name: string;
      year: number;
      timezone: string;
      state: string;
      version: number;
    }>(
      this.ds.manager,
      'SELECT id, code, name, year, timezone, state, version FROM campaigns WHERE id = ? AND authority_id = ?',
      [id, user.authorityId],
    );
    if (!campaign) {
      throw notFound('campaign');
    }
    // The phase gate's own judgement, so the list agrees with what a write would be told.
    const facts = await readCampaignFacts(this.ds.manager, id);
    const views = phaseWindows(facts).map((w) => ({
      phase: w.phase as Phase,
      name: PHASE_NAMES[w.phase as Phase],
      dueAt: w.dueAt.toISOString(),
      generation: w.generation,
      started: w.started,
      closed: w.closed !== null,
      closedAt: w.closed ? w.closed.at.toISOString() : null,
      closedBy: w.closed ? w.closed.by : null,
      secondsLeft: secondsLeft(w, facts.now),
    }));
    return { ...campaign, deadlines: views };
  }

  /** The campaign's units: group, criteria set version, sheet state, submission and the deadline in force. */
  async units(user: SessionUser, id: number): Promise<CampaignUnitView[]> {
    await this.get(user, id);
    const found = await rows<{
      unit_id: number;
      unit_code: string;
      unit_name: string;
      unit_group: string;
      set_id: number;
      set_code: string;
      set_version: number;
      set_title: string;
      sheet_id: number;
      state: string;
      submitted_at: Date | null;
      snapshot: string;
    }>(
      this.ds.manager,
      `SELECT u.id AS unit_id, u.code AS unit_code, u.name AS unit_name, cu.unit_group,
              cs.id AS set_id, cs.code AS set_code, cs.version AS set_version, cs.title AS set_title,
              s.id AS sheet_id, s.state, s.submitted_at, s.snapshot
         FROM campaign_units cu
         JOIN units u ON u.id = cu.unit_id
         JOIN criteria_sets cs ON cs.id = cu.criteria_set_id
         JOIN score_sheets s ON s.campaign_id = cu.campaign_id AND s.unit_id = cu.unit_id
        WHERE cu.campaign_id = ?
        ORDER BY cu.unit_group, u.name, u.id`,
      [id],
    );
    const facts = await readCampaignFacts(this.ds.manager, id);
    return found.map((r) => ({
      unitId: r.unit_id,
      unitCode: r.unit_code,
      unitName: r.unit_name,
      unitGroup: r.unit_group,
      criteriaSetId: r.set_id,
      criteriaSetCode: r.set_code,
      criteriaSetVersion: r.set_version,
      criteriaSetTitle: r.set_title,
      sheetId: r.sheet_id,
      sheetState: r.state,
      submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
      deadline: deadlineOf(facts, JSON.parse(r.snapshot) as PersistedSnapshot),
    }));
  }

  /**
   * Gia hạn: an audited change of a phase deadline for every unit; its job is re-scheduled by generation. The
   * phase gate refuses a phase that has ended (423 naming when); the new instant must lie ahead.
   */
  async changeDeadline(
    user: SessionUser,
    id: number,
    phase: Phase,
    dueAt: string,
    reason: string,
    actor: Actor,
  ): Promise<CampaignView> {
    const current = await this.get(user, id);
    const deadline = current.deadlines.find((d) => d.phase === phase);
    const instant = new Date(dueAt);
    await this.runner.transition({
      machineId: 'campaign',
      id,
      event: {
        type: 'deadline.extended',
        phase,
        dueAt: instant.toISOString(),
        generation: (deadline?.generation ?? 1) + 1,
      },
      actor,
      auditData: { reason },
      before: async (em, { now }) => {
        await assertWritable(em, { writer: 'deadlineChange', campaignId: id, phase });
        if (instant.getTime() <= now.getTime()) {
          throw PhaseErrors.deadlineInPast();
        }
      },
    });
    if (phase === 'selfAssessment') {
      await this.extendSheets(id, instant, actor);
    }
    return this.get(user, id);
  }

  /** Each sheet carries its own self-assessment deadline (so one unit can be extended alone). */
  private async extendSheets(campaignId: number, dueAt: Date, actor: Actor): Promise<void> {
    const sheets = await rows<{ id: number; generation: number | null }>(
      this.ds.manager,
      `SELECT s.id, d.generation FROM score_sheets s
         LEFT JOIN deadlines d ON d.subject_type = 'scoreSheet' AND d.subject_id = s.id AND d.phase = 'selfAssessment'
        WHERE s.campaign_id = ? AND s.state IN ('draft', 'locked')`,
      [campaignId],
    );
    for (const sheet of sheets) {
      await this.runner.transition({
        machineId: 'scoreSheet',
        id: sheet.id,
        event: ({ now }) => ({
          type: 'extension.granted',
          dueAt: dueAt.toISOString(),
          generation: (sheet.generation ?? 1) + 1,
          at: now.toISOString(),
        }),
        actor,
        onRefused: 'ignore',
      });
    }
  }

  /**
   * Close the current phase before its deadline (kết thúc sớm): the gate refuses a phase that has already
   * ended (423) or not started (409); the machine accepts it for self-assessment and appraisal. The lock is
   * recorded in the same transaction, so every writer of that phase is refused from this instant on.
   */
  async closePhase(user: SessionUser, id: number, phase: Phase, actor: Actor): Promise<CampaignView> {
    await this.get(user, id);
    await this.runner.transition({
      machineId: 'campaign',
      id,
      event: { type: 'phase.closed', phase, by: actor.label },
      actor,
      before: async (em) => {
        await assertWritable(em, { writer: 'phaseClose', campaignId: id, phase });
      },
      onRefused: PhaseErrors.notClosable(phase),
    });
    return this.get(user, id);
  }
}
