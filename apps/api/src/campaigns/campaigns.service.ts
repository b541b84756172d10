import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import {
  PHASE_NAMES,
  PHASES,
  checkPhaseOrder,
  definitionOfPlan,
  groupNameOf,
  type CampaignDefinition,
  type Phase,
} from '@lib/criteria';
import { PhaseErrors } from './phase.errors';
import { notFound } from '@lib/common';
import {
  WorkflowRunner,
  assertWritable,
  phaseDeadlines,
  phaseWindows,
  readCampaignFacts,
  secondsLeft,
  type Actor,
  type PersistedSnapshot,
} from '@lib/workflow';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { deadlineOf } from '../sheets/sheet-view';
import {
  findCampaign,
  groupCriteriaSets,
  listCampaignIds,
  listCampaignUnits,
  moveOpenTaskDeadlines,
  sheetsToExtend,
} from './campaign.queries';
import type { CampaignUnitView, CampaignView } from './dto/campaign.dto';

/** Reads campaigns of the caller's authority, and applies the secretariat's campaign-level transitions. */
@Injectable()
export class CampaignsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
  ) {}

  async list(user: SessionUser): Promise<CampaignView[]> {
    const ids = await listCampaignIds(this.ds.manager, user.authorityId);
    return Promise.all(ids.map((id) => this.get(user, id)));
  }

  async get(user: SessionUser, id: number): Promise<CampaignView> {
    const campaign = await findCampaign(this.ds.manager, id, user.authorityId);
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
    const { code, name, year, timezone, state, version } = campaign;
    return { id, code, name, year, timezone, state, version, deadlines: views };
  }

  /**
   * The definition the campaign was created from, for the wizard's "Sao chép từ năm trước": no definition is
   * stored, so it is rebuilt from the plan frozen on the campaign, each group's criteria set being the one its
   * units were given (campaign_units).
   */
  async definition(user: SessionUser, id: number): Promise<CampaignDefinition> {
    const campaign = await findCampaign(this.ds.manager, id, user.authorityId);
    if (!campaign?.plan) {
      throw notFound('campaign');
    }
    return definitionOfPlan(campaign.plan, await groupCriteriaSets(this.ds.manager, id));
  }

  /** The campaign's units: group, criteria set version, sheet state, submission and the deadline in force. */
  async units(user: SessionUser, id: number): Promise<CampaignUnitView[]> {
    const campaign = await findCampaign(this.ds.manager, id, user.authorityId);
    if (!campaign) {
      throw notFound('campaign');
    }
    const found = await listCampaignUnits(this.ds.manager, id);
    const facts = await readCampaignFacts(this.ds.manager, id);
    return found.map((r) => ({
      unitId: r.unitId,
      unitCode: r.unitCode,
      unitName: r.unitName,
      unitGroup: r.unitGroup,
      unitGroupName: groupNameOf(campaign.plan, r.unitGroup),
      criteriaSetId: r.setId,
      criteriaSetCode: r.setCode,
      criteriaSetVersion: r.setVersion,
      criteriaSetTitle: r.setTitle,
      sheetId: r.sheetId,
      sheetState: r.sheetState,
      submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
      deadline: deadlineOf(facts, r.sheetSnapshot),
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
      before: async (em, { row, now }) => {
        await assertWritable(em, { writer: 'deadlineChange', campaignId: id, phase });
        if (instant.getTime() <= now.getTime()) {
          throw PhaseErrors.deadlineInPast();
        }
        // The phases keep their order (the machine would otherwise re-order its steps): refused, naming which. A
        // phase already closed (early, by its decision or its deadline) ended before now, so it bounds nothing.
        const dues = phaseDeadlines(JSON.parse(row.snapshot) as PersistedSnapshot);
        const closed = new Set(
          phaseWindows(await readCampaignFacts(em, id))
            .filter((w) => w.closed !== null)
            .map((w) => w.phase),
        );
        const proposed = Object.fromEntries(
          PHASES.filter((p) => p === phase || !closed.has(p)).map((p) => [p, p === phase ? instant : dues[p].dueAt]),
        );
        const broken = checkPhaseOrder(proposed, current.timezone);
        if (broken.length > 0) {
          throw PhaseErrors.outOfOrder(broken);
        }
      },
      // The appraisal tasks follow their phase in the same transaction: badges, inbox views and reminders
      // read the task's due date, so it must never disagree with the phase.
      after: async (em, { row }) => {
        if (phase === 'appraisal') {
          const before = phaseDeadlines(JSON.parse(row.snapshot) as PersistedSnapshot).appraisal.dueAt;
          await moveOpenTaskDeadlines(em, id, new Date(before), instant);
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
    const sheets = await sheetsToExtend(this.ds.manager, campaignId);
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
