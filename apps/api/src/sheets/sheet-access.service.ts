import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import type { CriteriaSet } from '@lib/criteria';
import { assertWritable, readCampaignFacts, rows, type PersistedSnapshot } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { foundOr404, toPositional, unitScope } from '../common/unit-scope';
import type { DeadlineView } from './dto/sheet.dto';
import { SheetErrors } from './sheet.errors';
import { deadlineOf } from './sheet-view';

/** A score sheet with what every sheet operation needs: its campaign, unit and criteria set. */
export interface SheetRow {
  id: number;
  campaignId: number;
  unitId: number;
  criteriaSetId: number;
  state: string;
  snapshot: PersistedSnapshot;
  version: number;
  submittedAt: Date | null;
  timezone: string;
  campaignYear: number;
  campaignCode: string;
  campaignName: string;
  unitCode: string;
  unitName: string;
  unitGroup: string;
  set: CriteriaSet;
  setCode: string;
  setVersion: number;
}

/** A clarification request (giải trình) as the unit answering it sees it. */
export interface ClarificationRow {
  id: number;
  task_id: number;
  sheet_id: number;
  round: number;
  criterion_codes: string;
  request: string;
  due_at: Date;
  status: string;
  answer: string | null;
  answer_evidence_ids: string | null;
  answered_at: Date | null;
}

/** An open clarification, locked for a write of its unit (an evidence upload, the answer). */
export interface WritableClarification {
  sheet: SheetRow;
  clarification: ClarificationRow & { codes: string[] };
  now: Date;
}

/** Units an appraising organisation may read: those with a task it is a candidate for. */
const APPRAISED_UNIT_IDS =
  'SELECT t.unit_id FROM appraisal_tasks t JOIN appraisal_task_candidates tc ON tc.task_id = t.id WHERE tc.organisation_id = :scopeOrganisationId';

interface RawSheet {
  id: number;
  campaign_id: number;
  unit_id: number;
  criteria_set_id: number;
  state: string;
  snapshot: string;
  version: number;
  submitted_at: Date | null;
  timezone: string;
  campaign_year: number;
  campaign_code: string;
  campaign_name: string;
  unit_code: string;
  unit_name: string;
  unit_group: string;
  set_code: string;
  set_version: number;
}

const SELECT_SHEET = `
  SELECT s.id, s.campaign_id, s.unit_id, s.criteria_set_id, s.state, s.snapshot, s.version, s.submitted_at,
         c.timezone, c.year AS campaign_year, c.code AS campaign_code, c.name AS campaign_name,
         unit.code AS unit_code, unit.name AS unit_name, unit.unit_group,
         cs.code AS set_code, cs.version AS set_version
    FROM score_sheets s
    JOIN campaigns c ON c.id = s.campaign_id
    JOIN units unit ON unit.id = s.unit_id
    JOIN criteria_sets cs ON cs.id = s.criteria_set_id`;

/**
 * Loads score sheets through the caller's scope (DESIGN invariant 6): the scope is part of the WHERE
 * clause, so a sheet of another unit is simply not found (404, like a missing id).
 *
 * Two scopes: *read* (unit officers their own units; authority-wide roles everything; appraisers the units
 * they appraise) and *write* (only the unit's own officers — the self-assessment belongs to the unit, not
 * to the secretariat, even though an admin can read it).
 */
@Injectable()
export class SheetAccess {
  /** Criteria sets are immutable per (id, code, version): parse each definition once. */
  private readonly sets = new Map<string, CriteriaSet>();

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  readScope(user: SessionUser): { sql: string; values: number[] } {
    return toPositional(unitScope(user, { alias: 'unit', appraisedUnitIds: APPRAISED_UNIT_IDS }));
  }

  writeScope(user: SessionUser): { sql: string; values: number[] } {
    const officer: SessionUser = { ...user, roles: user.roles.filter((r) => r === 'unit_officer') };
    return toPositional(unitScope(officer, { alias: 'unit' }));
  }

  /** The sheet if the caller may read it, else 404. */
  async findReadable(user: SessionUser, id: number, em: EntityManager = this.ds.manager): Promise<SheetRow> {
    return this.find(em, id, this.readScope(user));
  }

  /**
   * In the caller's transaction: the sheet if the caller may write it (else 404), locked FOR UPDATE so a
   * concurrent submission waits for this write or is seen by it; then the phase gate (the sheet's
   * self-assessment window, database clock: 423 naming when it closed), then the state (only a draft is
   * written by its unit: 409 otherwise).
   */
  async lockWritable(em: EntityManager, user: SessionUser, id: number): Promise<{ sheet: SheetRow; now: Date }> {
    const sheet = await this.find(em, id, this.writeScope(user));
    const [locked] = await rows<{ state: string; snapshot: string; version: number }>(
      em,
      'SELECT state, snapshot, version FROM score_sheets WHERE id = ? FOR UPDATE',
      [id],
    );
    sheet.state = locked.state;
    sheet.snapshot = JSON.parse(locked.snapshot) as PersistedSnapshot;
    sheet.version = locked.version;
    const { facts } = await assertWritable(em, { writer: 'sheet', sheetId: id });
    assertDraft(sheet);
    return { sheet, now: facts.now };
  }

  /** The sheet's self-assessment window as the phase gate judges it now (for a reader of the sheet). */
  async deadline(user: SessionUser, id: number): Promise<DeadlineView> {
    const sheet = await this.findReadable(user, id);
    return deadlineOf(await readCampaignFacts(this.ds.manager, sheet.campaignId), sheet.snapshot);
  }

  /** A clarification of the caller's own unit (unit officers only; anyone else gets 404). */
  async findClarification(
    user: SessionUser,
    id: number,
    em: EntityManager = this.ds.manager,
  ): Promise<ClarificationRow> {
    const scope = this.writeScope(user);
    const [found] = await rows<ClarificationRow>(
      em,
      `SELECT k.id, k.task_id, k.sheet_id, k.round, k.criterion_codes, k.request, k.due_at, k.status, k.answer,
              k.answer_evidence_ids, k.answered_at
         FROM appraisal_clarifications k JOIN score_sheets s ON s.id = k.sheet_id JOIN units unit ON unit.id = s.unit_id
        WHERE k.id = ? AND ${scope.sql}`,
      [id, ...scope.values],
    );
    return foundOr404(found, 'clarification');
  }

  /**
   * In the caller's transaction: the clarification of the caller's unit (else 404) while it is open — the
   * write lock of a unit whose self-assessment has closed. The sheet row is locked first (the order every
   * sheet write uses), then the clarification row; its own due date is checked against the database clock
   * (423 naming it), and an answered or expired one refuses writes (409).
   */
  async lockClarificationWritable(em: EntityManager, user: SessionUser, id: number): Promise<WritableClarification> {
    const found = await this.findClarification(user, id, em);
    const sheet = await this.find(em, found.sheet_id, this.writeScope(user));
    await rows(em, 'SELECT id FROM score_sheets WHERE id = ? FOR UPDATE', [sheet.id]);
    const { facts } = await assertWritable(em, { writer: 'clarification', clarificationId: id });
    const [k] = await rows<{ status: string }>(em, 'SELECT status FROM appraisal_clarifications WHERE id = ?', [id]);
    if (k.status !== 'open') {
      throw SheetErrors.clarificationClosed(k.status);
    }
    return {
      sheet,
      clarification: { ...found, status: k.status, codes: JSON.parse(found.criterion_codes) as string[] },
      now: facts.now,
    };
  }

  private async find(em: EntityManager, id: number, scope: { sql: string; values: number[] }): Promise<SheetRow> {
    const [raw] = await rows<RawSheet>(em, `${SELECT_SHEET} WHERE s.id = ? AND ${scope.sql}`, [id, ...scope.values]);
    const found = foundOr404(raw, 'score sheet');
    return {
      ...toSheet(found),
      set: await this.criteriaSet(em, found.criteria_set_id, `${found.set_code}@${found.set_version}`),
    };
  }

  private async criteriaSet(em: EntityManager, id: number, version: string): Promise<CriteriaSet> {
    const key = `${id}:${version}`;
    const cached = this.sets.get(key);
    if (cached) {
      return cached;
    }
    const [row] = await rows<{ definition: string }>(em, 'SELECT definition FROM criteria_sets WHERE id = ?', [id]);
    const set = JSON.parse(foundOr404(row, 'criteria set').definition) as CriteriaSet;
    this.sets.set(key, set);
    return set;
  }
}

function toSheet(r: RawSheet): Omit<SheetRow, 'set'> {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    unitId: r.unit_id,
    criteriaSetId: r.criteria_set_id,
    state: r.state,
    snapshot: JSON.parse(r.snapshot) as PersistedSnapshot,
    version: r.version,
    submittedAt: r.submitted_at,
    timezone: r.timezone,
    campaignYear: r.campaign_year,
    campaignCode: r.campaign_code,
    campaignName: r.campaign_name,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    unitGroup: r.unit_group,
    setCode: r.set_code,
    setVersion: r.set_version,
  };
}

/**
 * Self scores and evidence are the unit's while its sheet is a draft (the gate has already judged the window):
 * a submitted sheet is read-only to the unit except for clarifications, which have their own endpoints (409).
 */
export function assertDraft(sheet: Pick<SheetRow, 'state'>): void {
  if (sheet.state === 'draft') {
    return;
  }
  throw SheetErrors.notEditable(sheet.state);
}
