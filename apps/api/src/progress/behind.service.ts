import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { PHASE_NAMES, leaves, groupNameOf, type Phase } from '@lib/criteria';
import { notFound } from '@lib/common';
import {
  phaseWindows,
  readCampaignFacts,
  secondsLeft,
  sheetFactsOf,
  sheetWindow,
  stageOf,
  type PersistedSnapshot,
} from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import { findCampaign } from '../campaigns/campaign.queries';
import { definitionOf, findCriteriaSet } from '../criteria/criteria-set.queries';
import type { SessionUser } from '../common/session-user';
import {
  BEHIND_KIND_NAMES,
  SHEET_BEHIND_KINDS,
  TASK_BEHIND_KINDS,
  behindOrder,
  classifySheet,
  classifyTask,
  type SheetBehindKind,
  type TaskBehindKind,
} from './behind';
import { behindSheetRows, behindTaskRows } from './progress.queries';

export interface BehindItem {
  subject: 'sheet' | 'task';
  kind: SheetBehindKind | TaskBehindKind;
  kindName: string;
  unitId: number;
  unitName: string;
  group: string;
  groupName: string;
  /** Tasks: the appraising organisation(s) it sits with (the first one groups it). */
  organisationId: number | null;
  organisationName: string | null;
  contentAreaName: string | null;
  sheetId: number | null;
  taskId: number | null;
  /** The deadline in force: a sheet's own (extended) one, a task's due instant. */
  dueAt: string | null;
  extended: boolean;
  secondsLeft: number;
}

export interface BehindView {
  campaignId: number;
  campaignName: string;
  campaignCode: string;
  timezone: string;
  now: string;
  currentPhase: Phase | null;
  phaseName: string | null;
  phaseDueAt: string | null;
  phaseSecondsLeft: number;
  counts: { sheets: Record<SheetBehindKind, number>; tasks: Record<TaskBehindKind, number> };
  sheets: BehindItem[];
  tasks: BehindItem[];
}

const zeroCounts = <K extends string>(kinds: readonly K[]) =>
  Object.fromEntries(kinds.map((k) => [k, 0])) as Record<K, number>;

/** Who is behind in the phase in progress: units on their sheets, appraisers on their tasks. */
@Injectable()
export class BehindService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async behind(user: SessionUser, campaignId: number): Promise<BehindView> {
    const em = this.ds.manager;
    const c = await findCampaign(em, campaignId, user.authorityId);
    if (!c) {
      throw notFound('campaign');
    }
    const facts = await readCampaignFacts(em, campaignId);
    const now = facts.now;
    const stage = stageOf(c.state);
    const window = stage >= 0 && stage < 4 ? phaseWindows(facts)[stage] : null;
    const view: BehindView = {
      campaignId,
      campaignName: c.name,
      campaignCode: c.code,
      timezone: c.timezone,
      now: now.toISOString(),
      currentPhase: window ? (window.phase as Phase) : null,
      phaseName: window ? PHASE_NAMES[window.phase as Phase].vi : null,
      phaseDueAt: window ? window.dueAt.toISOString() : null,
      phaseSecondsLeft: window ? secondsLeft(window, now) : 0,
      counts: { sheets: zeroCounts(SHEET_BEHIND_KINDS), tasks: zeroCounts(TASK_BEHIND_KINDS) },
      sheets: [],
      tasks: [],
    };
    // Sheets and tasks are the work of self-assessment and appraisal; later phases are the council's and
    // leadership's own steps, shown by the timeline.
    if (stage < 0 || stage > 1) {
      return view;
    }
    const sheetRows = await behindSheetRows(em, campaignId);
    const taskRows = await behindTaskRows(em, campaignId);
    const leafCounts = await this.leafCounts(em, [...new Set(sheetRows.map((r) => r.criteria_set_id))]);

    for (const r of sheetRows) {
      // No sheet yet: the campaign's deadline is the unit's; with one, its own (an extension moves it).
      const own = r.snapshot
        ? sheetWindow(facts, sheetFactsOf(JSON.parse(r.snapshot) as PersistedSnapshot))
        : phaseWindows(facts)[0];
      const extended = r.snapshot ? sheetFactsOf(JSON.parse(r.snapshot) as PersistedSnapshot).extended : false;
      const kind = classifySheet({
        submitted: Number(r.submitted ?? 0) > 0,
        closed: own.closed !== null,
        secondsLeft: secondsLeft(own, now),
        scored: Number(r.scored ?? 0),
        leaves: leafCounts.get(r.criteria_set_id) ?? 0,
        openClarifications: Number(r.open_clarifications ?? 0),
      });
      if (!kind) {
        continue;
      }
      view.counts.sheets[kind] += 1;
      view.sheets.push({
        subject: 'sheet',
        kind,
        kindName: BEHIND_KIND_NAMES[kind],
        unitId: r.unit_id,
        unitName: r.unit_name,
        group: r.unit_group,
        groupName: groupNameOf(c.plan, r.unit_group),
        organisationId: null,
        organisationName: null,
        contentAreaName: null,
        sheetId: r.sheet_id,
        taskId: null,
        dueAt: own.dueAt.toISOString(),
        extended,
        secondsLeft: secondsLeft(own, now),
      });
    }

    // One row per candidate organisation: the task is listed once, under its first organisation by name.
    const seen = new Map<number, BehindItem>();
    for (const r of taskRows) {
      const known = seen.get(r.task_id);
      if (known) {
        known.organisationName = `${known.organisationName ?? ''}, ${r.organisation_name ?? ''}`;
        continue;
      }
      const dueAt = new Date(r.due_at);
      const kind = classifyTask(
        { state: r.state, completed: false, dueAt, openClarifications: Number(r.open_clarifications ?? 0) },
        now,
      );
      if (!kind) {
        continue;
      }
      const item: BehindItem = {
        subject: 'task',
        kind,
        kindName: BEHIND_KIND_NAMES[kind],
        unitId: r.unit_id,
        unitName: r.unit_name,
        group: r.unit_group,
        groupName: groupNameOf(c.plan, r.unit_group),
        organisationId: r.organisation_id,
        organisationName: r.organisation_name,
        contentAreaName: r.content_area_name,
        sheetId: r.sheet_id,
        taskId: r.task_id,
        dueAt: dueAt.toISOString(),
        extended: false,
        secondsLeft: Math.max(0, Math.floor((dueAt.getTime() - now.getTime()) / 1000)),
      };
      seen.set(r.task_id, item);
      view.counts.tasks[kind] += 1;
      view.tasks.push(item);
    }
    view.sheets.sort(behindOrder(SHEET_BEHIND_KINDS));
    view.tasks.sort(
      (a, b) =>
        TASK_BEHIND_KINDS.indexOf(a.kind as TaskBehindKind) - TASK_BEHIND_KINDS.indexOf(b.kind as TaskBehindKind) ||
        (a.organisationName ?? '').localeCompare(b.organisationName ?? '', 'vi') ||
        a.unitName.localeCompare(b.unitName, 'vi'),
    );
    return view;
  }

  /** Leaves a unit self-scores, per criteria set (survey leaves are scored from the survey, not by the unit). */
  private async leafCounts(em: EntityManager, setIds: number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (const id of setIds) {
      const row = await findCriteriaSet(em, id);
      out.set(id, row ? leaves(definitionOf(row)).filter((l) => l.rule?.kind !== 'survey').length : 0);
    }
    return out;
  }
}
