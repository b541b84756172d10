import { Inject, Injectable } from '@nestjs/common';
import { indexByCode } from '@lib/criteria';
import { AppError, notFound } from '@lib/common';
import { DATA_SOURCE } from '@lib/database';
import { AuditLog, assertWritable, type Actor } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { definitionOf, findCriteriaSet } from './criteria-set.queries';
import {
  deleteNotApplicable,
  marksOfCampaign,
  notApplicableOf,
  sheetOfCampaignUnit,
  upsertNotApplicable,
} from './not-applicable.queries';
import type { CampaignNotApplicableMarkView, NotApplicableMarkView } from './dto/not-applicable.dto';

/**
 * The secretariat marks a criterion not applicable to one unit (with its reason) or takes the mark back. Such a
 * leaf is not scored and leaves the unit's maximum, so the mark belongs to the self-assessment: the phase gate
 * answers for the unit's sheet (refused once its self-assessment has locked), and every change is audited.
 */
@Injectable()
export class NotApplicableService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** Every mark of the campaign (404 outside the authority), for the secretariat's list. */
  async listCampaign(user: SessionUser, campaignId: number): Promise<CampaignNotApplicableMarkView[]> {
    const marks = await marksOfCampaign(this.ds.manager, campaignId, user.authorityId);
    if (!marks) {
      throw notFound('campaign');
    }
    return marks.map((m) => ({
      unitId: m.unitId,
      code: m.code,
      reason: m.reason,
      createdAt: m.createdAt.toISOString(),
    }));
  }

  async list(user: SessionUser, campaignId: number, unitId: number): Promise<NotApplicableMarkView[]> {
    const sheet = await sheetOfCampaignUnit(this.ds.manager, campaignId, unitId, user.authorityId);
    if (!sheet) {
      throw notFound('campaign unit');
    }
    return [...(await notApplicableOf(this.ds.manager, campaignId, unitId)).values()].map((m) => ({
      code: m.code,
      reason: m.reason,
      createdAt: m.createdAt.toISOString(),
    }));
  }

  async mark(
    user: SessionUser,
    campaignId: number,
    unitId: number,
    code: string,
    reason: string,
    actor: Actor,
  ): Promise<NotApplicableMarkView[]> {
    await this.ds.transaction(async (em) => {
      const sheetId = await this.gate(em, user, campaignId, unitId, code);
      await upsertNotApplicable(em, { campaignId, unitId, code, reason, userId: user.id });
      await this.audit.record(em, actor, {
        action: 'criterion.notApplicable',
        entityType: 'score_sheet',
        entityId: sheetId,
        data: { campaignId, unitId, code, reason },
      });
    });
    return this.list(user, campaignId, unitId);
  }

  async unmark(
    user: SessionUser,
    campaignId: number,
    unitId: number,
    code: string,
    actor: Actor,
  ): Promise<NotApplicableMarkView[]> {
    await this.ds.transaction(async (em) => {
      const sheetId = await this.gate(em, user, campaignId, unitId, code);
      if (await deleteNotApplicable(em, campaignId, unitId, code)) {
        await this.audit.record(em, actor, {
          action: 'criterion.applicable',
          entityType: 'score_sheet',
          entityId: sheetId,
          data: { campaignId, unitId, code },
        });
      }
    });
    return this.list(user, campaignId, unitId);
  }

  /** The unit's sheet (404 outside the authority), a leaf of its set (422), and the phase gate for the sheet. */
  private async gate(
    em: EntityManager,
    user: SessionUser,
    campaignId: number,
    unitId: number,
    code: string,
  ): Promise<number> {
    const sheet = await sheetOfCampaignUnit(em, campaignId, unitId, user.authorityId);
    if (!sheet) {
      throw notFound('campaign unit');
    }
    const row = await findCriteriaSet(em, sheet.criteriaSetId);
    const node = row && indexByCode(definitionOf(row)).get(code);
    if (!node || node.children.length > 0) {
      throw new AppError(
        'unprocessable',
        'NOT_A_LEAF',
        `"${code}" không phải tiêu chí lá của bộ tiêu chí đơn vị này dùng: chọn một tiêu chí được chấm điểm.`,
        `"${code}" is not a leaf of the unit's criteria set: choose a scored criterion.`,
      );
    }
    await assertWritable(em, { writer: 'sheet', sheetId: sheet.sheetId, for: 'secretariat' });
    return sheet.sheetId;
  }
}
