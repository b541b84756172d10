import { Injectable, Logger } from '@nestjs/common';
import { leaves, type CriteriaSet } from '@lib/criteria';
import { WorkflowRunner, lockSheetRow, phaseDeadlines, type Actor, type PersistedSnapshot } from '@lib/workflow';
import type { EntityManager } from 'typeorm';
import {
  confirmingOrganisation,
  contentAreaAppraisers,
  expireOpenClarification,
  fallbackConfirmer,
  insertCandidates,
  insertTask,
  lockRoutedSheet,
  notApplicableCodes,
  taskSubject,
  type SheetRow,
} from './routing.queries';

const SYSTEM: Actor = { userId: null, label: 'system:routing' };
const DAY_MS = 24 * 3600 * 1000;
/** Follow-up date = due − this many days, unless the campaign plan sets `appraisal.followUpDaysBeforeDue`. */
export const DEFAULT_FOLLOW_UP_DAYS = 3;

export interface RoutingOutcome {
  /** Tasks created by this run (0 when the job runs again). */
  created: number;
  /** Content areas of the sheet (= tasks it has after this run). */
  areas: number;
  /** Whether this run moved the sheet to `underAppraisal`. */
  started: boolean;
}

interface PlanLike {
  conflictOfInterest?: { confirmBy?: string; fallback?: string };
  appraisal?: { followUpDaysBeforeDue?: number };
}

/**
 * Routing (docs/ARCHITECTURE.md §routing): a submitted sheet becomes one appraisal task per content area of its criteria set,
 * in the inbox of that area's appraising organisations (the candidates). Idempotent by the business key
 * UNIQUE(sheet_id, content_area): a second run inserts nothing, starts nothing and ignores the sheet event.
 * Everything — tasks, their machines, candidates, the sheet's `appraisal.started` — is one transaction.
 */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger('Routing');

  constructor(private readonly runner: WorkflowRunner) {}

  async routeSheet(sheetId: number): Promise<RoutingOutcome> {
    // The runner's transaction: a deadlock's victim (a concurrent deadline change) is run again, not failed.
    const outcome = await this.runner.transaction(async (em) => {
      // Serialise concurrent runs for one sheet (a duplicate job on another worker).
      const sheet = await lockRoutedSheet(em, sheetId);
      if (!sheet) {
        this.logger.warn(`sheet ${sheetId} not found; nothing to route`);
        return { created: 0, areas: 0, started: false };
      }
      // An area whose every leaf the secretariat marked not applicable to this unit has nothing to appraise.
      const notApplicable = await notApplicableCodes(em, sheet.campaign_id, sheet.unit_id);
      const areas = contentAreasOf(JSON.parse(sheet.definition) as CriteriaSet, notApplicable);
      const plan = JSON.parse(sheet.plan || '{}') as PlanLike;
      const dueAt = this.appraisalDue(sheet);
      const followUpDays = plan.appraisal?.followUpDaysBeforeDue ?? DEFAULT_FOLLOW_UP_DAYS;
      const followUpAt = new Date(Math.max(Date.now(), dueAt.getTime() - followUpDays * DAY_MS));
      const appraisers = await this.appraisers(em, sheet.campaign_id);
      let created = 0;
      for (const area of areas) {
        const candidates = appraisers.get(area) ?? [];
        if (candidates.length === 0) {
          this.logger.warn(`campaign ${sheet.campaign_id}: content area ${area} has no appraiser; no task`);
          continue;
        }
        const conflict = candidates.includes(sheet.unit_organisation_id);
        const confirmer = conflict ? await this.confirmer(em, sheet, plan) : null;
        const columns = WorkflowRunner.newInstanceColumns('appraisalTask');
        const taskId = await insertTask(em, {
          campaignId: sheet.campaign_id,
          sheetId: sheet.id,
          unitId: sheet.unit_id,
          contentArea: area,
          columns,
          dueAt,
          followUpAt,
          conflictOfInterest: conflict,
          confirmerOrganisationId: confirmer,
        });
        if (taskId === undefined) {
          continue; // routed before: the business key already holds this task
        }
        await this.runner.start(em, {
          machineId: 'appraisalTask',
          id: taskId,
          input: { taskId, campaignId: sheet.campaign_id, sheetId: sheet.id, contentArea: area },
          actor: SYSTEM,
        });
        await insertCandidates(em, taskId, candidates);
        created++;
      }
      const started = await this.runner.transitionIn(em, {
        machineId: 'scoreSheet',
        id: sheet.id,
        event: { type: 'appraisal.started' },
        actor: SYSTEM,
        onRefused: 'ignore',
        auditData: { tasksCreated: created },
      });
      return { created, areas: areas.length, started: started.accepted };
    });
    if (outcome.created > 0) {
      this.logger.log(`sheet ${sheetId}: ${outcome.created} appraisal tasks created`);
    }
    return outcome;
  }

  /**
   * The unit did not answer by the clarification's due date: the task machine already moved back to review
   * (its deadline); here the clarification is marked expired and closed on the sheet. Idempotent.
   */
  async expireClarification(taskId: number, round: number): Promise<boolean> {
    return this.runner.transaction(async (em) => {
      const task = await taskSubject(em, taskId);
      if (!task) {
        return false;
      }
      // The sheet first, as the unit's answer to the same clarification locks it (sheet, then clarification).
      await lockSheetRow(em, task.sheet_id);
      const expired = await expireOpenClarification(em, taskId, round);
      await this.runner.transitionIn(em, {
        machineId: 'scoreSheet',
        id: task.sheet_id,
        event: { type: 'clarification.answered', contentArea: task.content_area },
        actor: { userId: null, label: 'system:clarification-expired' },
        onRefused: 'ignore',
        auditData: { expired: true, taskId, round },
      });
      return expired;
    });
  }

  /** The campaign's appraisal deadline in force (the machine context follows every extension). */
  private appraisalDue(sheet: SheetRow): Date {
    return new Date(phaseDeadlines(JSON.parse(sheet.campaign_snapshot) as PersistedSnapshot).appraisal.dueAt);
  }

  private async appraisers(em: EntityManager, campaignId: number): Promise<Map<string, number[]>> {
    const found = await contentAreaAppraisers(em, campaignId);
    const map = new Map<string, number[]>();
    for (const r of found) {
      map.set(r.content_area, [...(map.get(r.content_area) ?? []), r.organisation_id]);
    }
    return map;
  }

  /**
   * Who confirms a conflict of interest: the plan's `confirmBy` organisation (the secretariat), or its
   * `fallback` (the council) when the unit is the secretariat itself. Organisations are found by code, then
   * by kind; null when the authority has none (the task stays flagged and an admin must confirm).
   */
  private async confirmer(em: EntityManager, sheet: SheetRow, plan: PlanLike): Promise<number | null> {
    const confirmBy = plan.conflictOfInterest?.confirmBy;
    const fallback = plan.conflictOfInterest?.fallback ?? 'council';
    const primary = await confirmingOrganisation(em, sheet.authority_id, confirmBy ?? null);
    if (primary !== undefined && primary !== sheet.unit_organisation_id) {
      return primary;
    }
    return (await fallbackConfirmer(em, sheet.authority_id, sheet.unit_organisation_id, fallback)) ?? null;
  }
}

/** The distinct content areas of a set's leaves (those not in `notApplicable`), in tree order. */
export function contentAreasOf(
  set: Pick<CriteriaSet, 'nodes'>,
  notApplicable: ReadonlySet<string> = new Set(),
): string[] {
  const seen = new Set<string>();
  for (const leaf of leaves(set)) {
    if (leaf.contentArea && !notApplicable.has(leaf.code)) {
      seen.add(leaf.contentArea);
    }
  }
  return [...seen];
}
