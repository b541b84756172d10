import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import {
  WorkflowRunner,
  dbNow,
  notFound,
  rows,
  type Actor,
  type CampaignPhase,
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
    const deadlines = await rows<{
      phase: string;
      due_at: Date;
      generation: number;
      closed: number;
      seconds_left: number;
    }>(
      this.ds.manager,
      `SELECT phase, due_at, generation, due_at <= UTC_TIMESTAMP(6) AS closed,
              GREATEST(0, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), due_at)) AS seconds_left
         FROM deadlines WHERE campaign_id = ? AND subject_type = 'campaign' ORDER BY due_at`,
      [id],
    );
    const snapshot = await rows<{ snapshot: string }>(this.ds.manager, 'SELECT snapshot FROM campaigns WHERE id = ?', [
      id,
    ]);
    // Phases not entered yet have no deadline row: their instants live in the machine's context.
    const context = (
      JSON.parse(snapshot[0].snapshot) as {
        context?: { phases?: Record<string, { dueAt: string; generation: number }> };
      }
    ).context;
    const known = new Map(deadlines.map((d) => [d.phase, d]));
    const now = Date.now();
    const views = Object.entries(context?.phases ?? {}).map(([phase, p]) => {
      const row = known.get(phase);
      const dueAt = row ? row.due_at.toISOString() : p.dueAt;
      return {
        phase,
        dueAt,
        generation: row?.generation ?? p.generation,
        closed: row ? Number(row.closed) === 1 : Date.parse(dueAt) <= now,
        secondsLeft: row ? Number(row.seconds_left) : Math.max(0, Math.floor((Date.parse(dueAt) - now) / 1000)),
      };
    });
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
    const now = await dbNow(this.ds.manager);
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
      deadline: deadlineOf(JSON.parse(r.snapshot) as PersistedSnapshot, now),
    }));
  }

  /** Gia hạn: an audited change of a phase deadline for every unit; its job is re-scheduled by generation. */
  async changeDeadline(
    user: SessionUser,
    id: number,
    phase: CampaignPhase,
    dueAt: string,
    reason: string,
    actor: Actor,
  ): Promise<CampaignView> {
    const current = await this.get(user, id);
    const deadline = current.deadlines.find((d) => d.phase === phase);
    await this.runner.transition({
      machineId: 'campaign',
      id,
      event: {
        type: 'deadline.extended',
        phase,
        dueAt: new Date(dueAt).toISOString(),
        generation: (deadline?.generation ?? 1) + 1,
      },
      actor,
      auditData: { reason },
    });
    if (phase === 'selfAssessment') {
      await this.extendSheets(id, dueAt, actor);
    }
    return this.get(user, id);
  }

  /** Each sheet carries its own self-assessment deadline (so one unit can be extended alone). */
  private async extendSheets(campaignId: number, dueAt: string, actor: Actor): Promise<void> {
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
        event: {
          type: 'extension.granted',
          dueAt: new Date(dueAt).toISOString(),
          generation: (sheet.generation ?? 1) + 1,
        },
        actor,
        onRefused: 'ignore',
      });
    }
  }

  async transition(
    user: SessionUser,
    id: number,
    event: { type: string; [k: string]: unknown },
    actor: Actor,
  ): Promise<CampaignView> {
    await this.get(user, id);
    await this.runner.transition({ machineId: 'campaign', id, event, actor });
    return this.get(user, id);
  }
}
