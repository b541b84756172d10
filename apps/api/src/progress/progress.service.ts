import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { PHASE_NAMES, phaseIndex, type Phase } from '@lib/criteria';
import { notFound } from '@lib/common';
import {
  campaignApprovals,
  phaseWindows,
  readCampaignFacts,
  rows,
  secondsLeft,
  stageOf,
  type PersistedSnapshot,
} from '@lib/workflow';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';

export interface PhaseProgress {
  phase: Phase;
  name: string;
  startsAt: string;
  dueAt: string;
  status: 'done' | 'current' | 'upcoming';
  /** Closed by the phase gate now (deadline, early close or its decision), and when. */
  closed: boolean;
  closedAt: string | null;
  secondsLeft: number;
  /** Share of the window elapsed at `now`, 0..1. */
  elapsed: number;
}

export interface ProgressView {
  campaignId: number;
  state: string;
  now: string;
  timezone: string;
  currentPhase: string | null;
  timeline: PhaseProgress[];
  selfAssessment: { submitted: number; total: number; overdue: number };
  appraisal: {
    tasksTotal: number;
    tasksCompleted: number;
    overdue: number;
    clarificationsOpen: number;
    byOrganisation: Array<{
      organisationId: number;
      code: string;
      name: string;
      total: number;
      completed: number;
      overdue: number;
    }>;
  };
  council: { sessions: number; approved: boolean; adjustments: number };
  approval: { council: boolean; leadership: boolean; published: boolean; revisions: number };
  /** Per local day from the campaign's creation to today: cumulative counts (for a burn-down). */
  history: Array<{
    date: string;
    sheetsSubmitted: number;
    sheetsRemaining: number;
    tasksCompleted: number;
    tasksRemaining: number;
  }>;
}

/** Leadership's view: the timeline with time left, per-phase counts and a daily history. */
@Injectable()
export class ProgressService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async progress(user: SessionUser, campaignId: number): Promise<ProgressView> {
    const em = this.ds.manager;
    const [c] = await rows<{ id: number; state: string; timezone: string; created_at: Date; snapshot: string }>(
      em,
      'SELECT id, state, timezone, created_at, snapshot FROM campaigns WHERE id = ? AND authority_id = ?',
      [campaignId, user.authorityId],
    );
    if (!c) {
      throw notFound('campaign');
    }
    // The phases as the phase gate judges them: the deadline in force, and whether (and when) each has closed.
    const facts = await readCampaignFacts(em, campaignId);
    const now = facts.now;
    const stage = stageOf(c.state);
    const currentPhase = stage >= 0 && stage < 4 ? phaseWindows(facts)[stage].phase : null;
    let start = new Date(c.created_at);
    const timeline: PhaseProgress[] = [];
    for (const window of phaseWindows(facts)) {
      const phase = window.phase as Phase;
      const due = window.dueAt;
      const idx = phaseIndex(phase);
      const status = idx < stage ? 'done' : idx === stage ? 'current' : 'upcoming';
      const span = Math.max(1, due.getTime() - start.getTime());
      timeline.push({
        phase,
        name: PHASE_NAMES[phase].vi,
        startsAt: start.toISOString(),
        dueAt: due.toISOString(),
        status,
        closed: window.closed !== null,
        closedAt: window.closed ? window.closed.at.toISOString() : null,
        secondsLeft: secondsLeft(window, now),
        elapsed: Math.min(1, Math.max(0, (now.getTime() - start.getTime()) / span)),
      });
      start = due;
    }
    const [sheets] = await rows<{ total: number; submitted: number }>(
      em,
      "SELECT COUNT(*) AS total, SUM(submitted_at IS NOT NULL OR state NOT IN ('draft', 'locked')) AS submitted FROM score_sheets WHERE campaign_id = ?",
      [campaignId],
    );
    const approvals = campaignApprovals(JSON.parse(c.snapshot) as PersistedSnapshot);
    const total = Number(sheets.total);
    const submitted = Number(sheets.submitted ?? 0);
    const byOrg = await rows<{
      organisation_id: number;
      code: string;
      name: string;
      total: number;
      completed: number;
      overdue: number;
    }>(
      em,
      `SELECT o.id AS organisation_id, o.code, o.name, COUNT(*) AS total,
              SUM(t.completed_at IS NOT NULL) AS completed,
              SUM(t.completed_at IS NULL AND t.due_at < ?) AS overdue
         FROM appraisal_tasks t JOIN appraisal_task_candidates k ON k.task_id = t.id JOIN organisations o ON o.id = k.organisation_id
        WHERE t.campaign_id = ? GROUP BY o.id, o.code, o.name ORDER BY o.name`,
      [now, campaignId],
    );
    const [tasks] = await rows<{ total: number; completed: number; overdue: number }>(
      em,
      'SELECT COUNT(*) AS total, SUM(completed_at IS NOT NULL) AS completed, SUM(completed_at IS NULL AND due_at < ?) AS overdue FROM appraisal_tasks WHERE campaign_id = ?',
      [now, campaignId],
    );
    const [clar] = await rows<{ n: number }>(
      em,
      "SELECT COUNT(*) AS n FROM appraisal_clarifications c JOIN score_sheets s ON s.id = c.sheet_id WHERE s.campaign_id = ? AND c.status = 'open'",
      [campaignId],
    );
    const [council] = await rows<{ sessions: number; approved: number }>(
      em,
      "SELECT COUNT(*) AS sessions, SUM(status = 'approved') AS approved FROM council_sessions WHERE campaign_id = ?",
      [campaignId],
    );
    const [adj] = await rows<{ n: number }>(em, 'SELECT COUNT(*) AS n FROM council_adjustments WHERE campaign_id = ?', [
      campaignId,
    ]);
    const [pubs] = await rows<{ n: number }>(em, 'SELECT COUNT(*) AS n FROM publications WHERE campaign_id = ?', [
      campaignId,
    ]);

    const zone = c.timezone;
    const day = (d: Date) => DateTime.fromJSDate(d, { zone }).toISODate()!;
    const submittedAt = await rows<{ at: Date }>(
      em,
      // The submission instant: the sheet's column, else the audited `sheet.submitted` transition.
      `SELECT COALESCE(s.submitted_at, (SELECT MIN(a.occurred_at) FROM audit_log a
                WHERE a.entity_type = 'scoreSheet' AND a.entity_id = s.id AND a.action = 'sheet.submitted')) AS at
         FROM score_sheets s WHERE s.campaign_id = ? AND (s.submitted_at IS NOT NULL OR s.state NOT IN ('draft', 'locked'))`,
      [campaignId],
    );
    const completedAt = await rows<{ at: Date }>(
      em,
      'SELECT completed_at AS at FROM appraisal_tasks WHERE campaign_id = ? AND completed_at IS NOT NULL',
      [campaignId],
    );
    const countBy = (list: Array<{ at: Date }>) => {
      const m = new Map<string, number>();
      for (const r of list) {
        const k = day(new Date(r.at));
        m.set(k, (m.get(k) ?? 0) + 1);
      }
      return m;
    };
    const subByDay = countBy(submittedAt);
    const doneByDay = countBy(completedAt);
    const firstDay = [day(new Date(c.created_at)), ...subByDay.keys(), ...doneByDay.keys()].sort()[0];
    const lastDay = [day(now), ...subByDay.keys(), ...doneByDay.keys()].sort().at(-1)!;
    const history: ProgressView['history'] = [];
    let cumSub = 0;
    let cumDone = 0;
    const tasksTotal = Number(tasks.total);
    for (
      let d = DateTime.fromISO(firstDay, { zone });
      d.toISODate()! <= lastDay && history.length < 800;
      d = d.plus({ days: 1 })
    ) {
      const k = d.toISODate()!;
      cumSub += subByDay.get(k) ?? 0;
      cumDone += doneByDay.get(k) ?? 0;
      history.push({
        date: k,
        sheetsSubmitted: cumSub,
        sheetsRemaining: total - cumSub,
        tasksCompleted: cumDone,
        tasksRemaining: tasksTotal - cumDone,
      });
    }
    return {
      campaignId,
      state: c.state,
      now: now.toISOString(),
      timezone: zone,
      currentPhase,
      timeline,
      selfAssessment: {
        submitted,
        total,
        overdue: timeline[0].closed ? total - submitted : 0,
      },
      appraisal: {
        tasksTotal,
        tasksCompleted: Number(tasks.completed ?? 0),
        overdue: Number(tasks.overdue ?? 0),
        clarificationsOpen: Number(clar.n),
        byOrganisation: byOrg.map((o) => ({
          organisationId: o.organisation_id,
          code: o.code,
          name: o.name,
          total: Number(o.total),
          completed: Number(o.completed ?? 0),
          overdue: Number(o.overdue ?? 0),
        })),
      },
      council: {
        sessions: Number(council.sessions),
        approved: Number(council.approved ?? 0) > 0,
        adjustments: Number(adj.n),
      },
      approval: {
        council: approvals.council !== null,
        leadership: approvals.leadership !== null,
        published: ['published', 'archived'].includes(c.state),
        revisions: Number(pubs.n),
      },
      history,
    };
  }
}
