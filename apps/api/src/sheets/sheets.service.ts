import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { indexHundredths, milliToNumber } from '@lib/criteria';
import { readCampaignFacts, rows, type CampaignFacts, type PersistedSnapshot } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import type { SheetSummaryView, SheetView } from './dto/sheet.dto';
import { SheetAccess } from './sheet-access.service';
import { loadDocuments, loadEntries } from './sheet-data';
import { buildSheetView, deadlineOf } from './sheet-view';

/** Reads of score sheets, always through the caller's scope. */
@Injectable()
export class SheetsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: SheetAccess,
  ) {}

  async list(user: SessionUser, campaignId?: number): Promise<SheetSummaryView[]> {
    const scope = this.access.readScope(user);
    const found = await rows<{
      id: number;
      campaign_id: number;
      campaign_name: string;
      unit_id: number;
      unit_code: string;
      unit_name: string;
      unit_group: string;
      state: string;
      version: number;
      submitted_at: Date | null;
      snapshot: string;
      max_milli: number;
      self_milli: number | string;
    }>(
      this.ds.manager,
      `SELECT s.id, s.campaign_id, c.name AS campaign_name, s.unit_id, unit.code AS unit_code, unit.name AS unit_name,
              unit.unit_group, s.state, s.version, s.submitted_at, s.snapshot, cs.max_milli,
              (SELECT COALESCE(SUM(e.self_milli), 0) FROM score_entries e WHERE e.sheet_id = s.id) AS self_milli
         FROM score_sheets s
         JOIN campaigns c ON c.id = s.campaign_id
         JOIN units unit ON unit.id = s.unit_id
         JOIN criteria_sets cs ON cs.id = s.criteria_set_id
        WHERE ${scope.sql} ${campaignId ? 'AND s.campaign_id = ?' : ''}
        ORDER BY c.year DESC, s.campaign_id DESC, unit.unit_group, unit.code`,
      [...scope.values, ...(campaignId ? [campaignId] : [])],
    );
    const facts = new Map<number, CampaignFacts>();
    for (const campaign of new Set(found.map((r) => r.campaign_id))) {
      facts.set(campaign, await readCampaignFacts(this.ds.manager, campaign));
    }
    return found.map((r) => {
      const self = Number(r.self_milli);
      return {
        id: r.id,
        campaignId: r.campaign_id,
        campaignName: r.campaign_name,
        unitId: r.unit_id,
        unitCode: r.unit_code,
        unitName: r.unit_name,
        unitGroup: r.unit_group,
        status: r.state,
        version: r.version,
        submittedAt: r.submitted_at ? r.submitted_at.toISOString() : null,
        deadline: deadlineOf(facts.get(r.campaign_id)!, JSON.parse(r.snapshot) as PersistedSnapshot),
        selfTotal: milliToNumber(self),
        maxPoints: milliToNumber(r.max_milli),
        selfIndex: r.max_milli > 0 ? indexHundredths(self, r.max_milli) / 100 : 0,
      };
    });
  }

  async get(user: SessionUser, id: number): Promise<SheetView> {
    const sheet = await this.access.findReadable(user, id);
    const [entries, docs, facts] = await Promise.all([
      loadEntries(this.ds.manager, id),
      loadDocuments(this.ds.manager, id),
      readCampaignFacts(this.ds.manager, sheet.campaignId),
    ]);
    const deadline = deadlineOf(facts, sheet.snapshot);
    // The same answer the write path gets from the phase gate: the unit's own officer, a draft, an open window.
    const mayWrite = user.roles.includes('unit_officer') && (await this.isOwnUnit(user, sheet.unitId));
    const editable = mayWrite && sheet.state === 'draft' && !deadline.closed;
    return buildSheetView(sheet, entries, docs, deadline, editable);
  }

  private async isOwnUnit(user: SessionUser, unitId: number): Promise<boolean> {
    const [row] = await rows<{ id: number }>(
      this.ds.manager,
      'SELECT id FROM units WHERE id = ? AND organisation_id = ? AND authority_id = ?',
      [unitId, user.organisationId, user.authorityId],
    );
    return row !== undefined;
  }
}
