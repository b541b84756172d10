import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { PHASE_NAMES, phaseIndex, type Phase } from '@lib/criteria';
import { notFound } from '@lib/common';
import { campaignApprovals, phaseWindows, readCampaignFacts, secondsLeft, stageOf } from '@lib/workflow';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { findCampaign } from '../campaigns/campaign.queries';
import type { SessionUser } from '../common/session-user';
import { campaignCounts, completionInstants, submissionInstants, taskCountsByOrganisation } from './progress.queries';

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
    const c = await findCampaign(em, campaignId, user.authorityId);
    if (!c) {
      throw notFound('campaign');
    }
    // The phases as the phase gate judges them: the deadline in force, and whether (and when) each has closed.
    const facts = await readCampaignFacts(em, campaignId);
    const now = facts.now;
    const stage = stageOf(c.state);
    const currentPhase = stage >= 0 && stage < 4 ? phaseWindows(facts)[stage].phase : null;
    let start = c.createdAt;
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
    const counts = await campaignCounts(em, campaignId, now);
    const approvals = campaignApprovals(c.snapshot);
    const total = counts.sheets.total;
    const submitted = counts.sheets.submitted;
    const byOrg = await taskCountsByOrganisation(em, campaignId, now);

    const zone = c.timezone;
    const day = (d: Date) => DateTime.fromJSDate(d, { zone }).toISODate()!;
    const submittedAt = await submissionInstants(em, campaignId);
    const completedAt = await completionInstants(em, campaignId);
    const countBy = (list: readonly Date[]) => {
      const m = new Map<string, number>();
      for (const at of list) {
        const k = day(at);
        m.set(k, (m.get(k) ?? 0) + 1);
      }
      return m;
    };
    const subByDay = countBy(submittedAt);
    const doneByDay = countBy(completedAt);
    const firstDay = [day(c.createdAt), ...subByDay.keys(), ...doneByDay.keys()].sort()[0];
    const lastDay = [day(now), ...subByDay.keys(), ...doneByDay.keys()].sort().at(-1)!;
    const history: ProgressView['history'] = [];
    let cumSub = 0;
    let cumDone = 0;
    const tasksTotal = counts.tasks.total;
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
        tasksCompleted: counts.tasks.completed,
        overdue: counts.tasks.overdue,
        clarificationsOpen: counts.openClarifications,
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
        sessions: counts.council.sessions,
        approved: counts.council.approved > 0,
        adjustments: counts.council.adjustments,
      },
      approval: {
        council: approvals.council !== null,
        leadership: approvals.leadership !== null,
        published: ['published', 'archived'].includes(c.state),
        revisions: counts.publications,
      },
      history,
    };
  }
}
