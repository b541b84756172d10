import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { indexHundredths, milliToNumber } from '@lib/criteria';
import { readCampaignFacts, type CampaignFacts } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import type { SheetSummaryView, SheetView } from './dto/sheet.dto';
import { SheetAccess } from './sheet-access.service';
import { loadDocuments } from '../evidence/evidence.queries';
import { isUnitOfOrganisation, listSheets, loadEntries } from './sheet.queries';
import { buildSheetView, deadlineOf } from './sheet-view';
import { notApplicableOf } from '../criteria/not-applicable.queries';

/** Reads of score sheets, always through the caller's scope. */
@Injectable()
export class SheetsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: SheetAccess,
  ) {}

  async list(user: SessionUser, campaignId?: number): Promise<SheetSummaryView[]> {
    const found = await listSheets(this.ds.manager, this.access.readScope(user), campaignId);
    const facts = new Map<number, CampaignFacts>();
    for (const campaign of new Set(found.map((r) => r.campaignId))) {
      facts.set(campaign, await readCampaignFacts(this.ds.manager, campaign));
    }
    return found.map((r) => ({
      id: r.id,
      campaignId: r.campaignId,
      campaignName: r.campaignName,
      unitId: r.unitId,
      unitCode: r.unitCode,
      unitName: r.unitName,
      unitGroup: r.unitGroup,
      status: r.state,
      version: r.version,
      submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
      deadline: deadlineOf(facts.get(r.campaignId)!, r.snapshot),
      selfTotal: milliToNumber(r.selfMilli),
      maxPoints: milliToNumber(r.maxMilli),
      selfIndex: r.maxMilli > 0 ? indexHundredths(r.selfMilli, r.maxMilli) / 100 : 0,
    }));
  }

  async get(user: SessionUser, id: number): Promise<SheetView> {
    const sheet = await this.access.findReadable(user, id);
    const [entries, docs, facts, notApplicable] = await Promise.all([
      loadEntries(this.ds.manager, id),
      loadDocuments(this.ds.manager, id),
      readCampaignFacts(this.ds.manager, sheet.campaignId),
      notApplicableOf(this.ds.manager, sheet.campaignId, sheet.unitId),
    ]);
    const deadline = deadlineOf(facts, sheet.snapshot);
    // The same answer the write path gets from the phase gate: the unit's own officer, a draft, an open window.
    const mayWrite =
      user.roles.includes('unit_officer') &&
      (await isUnitOfOrganisation(this.ds.manager, sheet.unitId, user.organisationId, user.authorityId));
    const editable = mayWrite && sheet.state === 'draft' && !deadline.closed;
    return buildSheetView(sheet, entries, docs, deadline, editable, notApplicable);
  }
}
