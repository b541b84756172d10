import { Inject, Injectable, Logger } from '@nestjs/common';
import { leaves, type CriteriaSet } from '@lib/criteria';
import { DATA_SOURCE, rows, write } from '@lib/database';
import { WorkflowRunner, phaseDeadlines, type Actor, type PersistedSnapshot } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';

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

interface SheetRow {
  id: number;
  campaign_id: number;
  unit_id: number;
  unit_code: string;
  unit_organisation_id: number;
  authority_id: number;
  definition: string;
  plan: string;
  campaign_snapshot: string;
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

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
  ) {}

  async routeSheet(sheetId: number): Promise<RoutingOutcome> {
    const outcome = await this.ds.transaction(async (em) => {
      // Serialise concurrent runs for one sheet (a duplicate job on another worker).
      const [sheet] = await rows<SheetRow>(
        em,
        `SELECT s.id, s.campaign_id, s.unit_id, u.code AS unit_code, u.organisation_id AS unit_organisation_id,
                u.authority_id, cs.definition, c.plan, c.snapshot AS campaign_snapshot
           FROM score_sheets s
           JOIN units u ON u.id = s.unit_id
           JOIN criteria_sets cs ON cs.id = s.criteria_set_id
           JOIN campaigns c ON c.id = s.campaign_id
          WHERE s.id = ? FOR UPDATE`,
        [sheetId],
      );
      if (!sheet) {
        this.logger.warn(`sheet ${sheetId} not found; nothing to route`);
        return { created: 0, areas: 0, started: false };
      }
      const areas = contentAreasOf(JSON.parse(sheet.definition) as CriteriaSet);
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
        const inserted = await write(
          em,
          `INSERT IGNORE INTO appraisal_tasks
             (campaign_id, sheet_id, unit_id, content_area, machine_id, machine_version, state, snapshot, version,
              due_at, follow_up_at, conflict_of_interest, confirmer_organisation_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            sheet.campaign_id,
            sheet.id,
            sheet.unit_id,
            area,
            columns.machine_id,
            columns.machine_version,
            columns.state,
            columns.snapshot,
            columns.version,
            dueAt,
            followUpAt,
            conflict ? 1 : 0,
            confirmer,
          ],
        );
        if (inserted.affectedRows !== 1) {
          continue; // routed before: the business key already holds this task
        }
        const taskId = inserted.insertId;
        await this.runner.start(em, {
          machineId: 'appraisalTask',
          id: taskId,
          input: { taskId, campaignId: sheet.campaign_id, sheetId: sheet.id, contentArea: area },
          actor: SYSTEM,
        });
        await write(
          em,
          `INSERT IGNORE INTO appraisal_task_candidates (task_id, organisation_id) VALUES ${candidates.map(() => '(?, ?)').join(', ')}`,
          candidates.flatMap((org) => [taskId, org]),
        );
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
    return this.ds.transaction(async (em) => {
      const [task] = await rows<{ sheet_id: number; content_area: string }>(
        em,
        'SELECT sheet_id, content_area FROM appraisal_tasks WHERE id = ?',
        [taskId],
      );
      if (!task) {
        return false;
      }
      const updated = await write(
        em,
        "UPDATE appraisal_clarifications SET status = 'expired' WHERE task_id = ? AND round = ? AND status = 'open'",
        [taskId, round],
      );
      await this.runner.transitionIn(em, {
        machineId: 'scoreSheet',
        id: task.sheet_id,
        event: { type: 'clarification.answered', contentArea: task.content_area },
        actor: { userId: null, label: 'system:clarification-expired' },
        onRefused: 'ignore',
        auditData: { expired: true, taskId, round },
      });
      return updated.affectedRows === 1;
    });
  }

  /** The campaign's appraisal deadline in force (the machine context follows every extension). */
  private appraisalDue(sheet: SheetRow): Date {
    return new Date(phaseDeadlines(JSON.parse(sheet.campaign_snapshot) as PersistedSnapshot).appraisal.dueAt);
  }

  private async appraisers(em: EntityManager, campaignId: number): Promise<Map<string, number[]>> {
    const found = await rows<{ content_area: string; organisation_id: number }>(
      em,
      'SELECT content_area, organisation_id FROM content_area_appraisers WHERE campaign_id = ? ORDER BY id',
      [campaignId],
    );
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
    const [primary] = await rows<{ id: number }>(
      em,
      `SELECT id FROM organisations WHERE authority_id = ? AND (code = ? OR (? IS NULL AND kind = 'secretariat'))
        ORDER BY code = ? DESC, id LIMIT 1`,
      [sheet.authority_id, confirmBy ?? null, confirmBy ?? null, confirmBy ?? null],
    );
    if (primary && primary.id !== sheet.unit_organisation_id) {
      return primary.id;
    }
    const [second] = await rows<{ id: number }>(
      em,
      `SELECT id FROM organisations WHERE authority_id = ? AND id <> ? AND (code = ? OR kind = 'council')
        ORDER BY code = ? DESC, id LIMIT 1`,
      [sheet.authority_id, sheet.unit_organisation_id, fallback, fallback],
    );
    return second?.id ?? null;
  }
}

/** The distinct content areas of a set's leaves, in tree order. */
export function contentAreasOf(set: Pick<CriteriaSet, 'nodes'>): string[] {
  const seen = new Set<string>();
  for (const leaf of leaves(set)) {
    if (leaf.contentArea) {
      seen.add(leaf.contentArea);
    }
  }
  return [...seen];
}
