import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import type { CriteriaSet } from '@lib/criteria';
import { assertWritable, readCampaignFacts } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { foundOr404, toPositional, unitScope } from '../common/unit-scope';
import type { DeadlineView } from './dto/sheet.dto';
import { SheetErrors } from './sheet.errors';
import { definitionOf, findCriteriaSet } from '../criteria/criteria-set.queries';
import { deadlineOf } from './sheet-view';
import { clarificationStatus, findClarification, type ClarificationRow } from './clarification.queries';
import { findSheet, lockSheet, type ScopeSql, type SheetRecord } from './sheet.queries';

/** A score sheet with what every sheet operation needs: its campaign, unit and criteria set. */
export interface SheetRow extends SheetRecord {
  set: CriteriaSet;
}

export type { ClarificationRow };

/** An open clarification, locked for a write of its unit (an evidence upload, the answer). */
export interface WritableClarification {
  sheet: SheetRow;
  clarification: ClarificationRow & { codes: string[] };
  now: Date;
}

/**
 * Loads score sheets through the caller's scope (docs/ARCHITECTURE.md §invariant-6): the scope is part of the WHERE
 * clause, so a sheet of another unit is simply not found (404, like a missing id).
 *
 * Two scopes: *read* (unit officers their own units; authority-wide roles everything) and *write* (only the
 * unit's own officers — the self-assessment belongs to the unit, not to the secretariat, even though an admin can
 * read it). Appraisers and supervisors read no sheet here: they reach a sheet only through a task of theirs
 * (campaign × unit × content area), whose page carries the leaves of that area and their documents
 * (appraisal/appraisal-view.ts; a document's file: EvidenceFilesService). A unit they once appraised is not
 * theirs in another campaign (issue 12, item 4).
 */
@Injectable()
export class SheetAccess {
  /** Criteria sets are immutable per (id, code, version): parse each definition once. */
  private readonly sets = new Map<string, CriteriaSet>();

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  readScope(user: SessionUser): ScopeSql {
    return toPositional(unitScope(user, { alias: 'unit' }));
  }

  writeScope(user: SessionUser): ScopeSql {
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
    const sheet = { ...(await this.find(em, id, this.writeScope(user))), ...(await lockSheet(em, id)) };
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
    return foundOr404(await findClarification(em, id, this.writeScope(user)), 'clarification');
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
    await lockSheet(em, sheet.id);
    const { facts } = await assertWritable(em, { writer: 'clarification', clarificationId: id });
    const status = await clarificationStatus(em, id);
    if (status !== 'open') {
      throw SheetErrors.clarificationClosed(status);
    }
    return {
      sheet,
      clarification: { ...found, status, codes: JSON.parse(found.criterion_codes) as string[] },
      now: facts.now,
    };
  }

  private async find(em: EntityManager, id: number, scope: ScopeSql): Promise<SheetRow> {
    const found = foundOr404(await findSheet(em, id, scope), 'score sheet');
    return { ...found, set: await this.criteriaSet(em, found.criteriaSetId, `${found.setCode}@${found.setVersion}`) };
  }

  private async criteriaSet(em: EntityManager, id: number, version: string): Promise<CriteriaSet> {
    const key = `${id}:${version}`;
    const cached = this.sets.get(key);
    if (cached) {
      return cached;
    }
    const set = definitionOf(foundOr404(await findCriteriaSet(em, id), 'criteria set'));
    this.sets.set(key, set);
    return set;
  }
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
