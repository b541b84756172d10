import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { evaluateRule, indexByCode, parsePoints, type CriteriaSet } from '@lib/criteria';
import { loadExcelJs, notFound } from '@lib/common';
import { AuditLog, assertWritable, type Actor } from '@lib/workflow';
import type ExcelJS from 'exceljs';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { ConsolidationErrors } from './consolidation.errors';
import { policyOf, type LeafDetail } from '@lib/criteria';
import { campaignExists, findCampaign, type CampaignRecord } from '../campaigns/campaign.queries';
import { upsertAppraisedScore } from '../sheets/sheet.queries';
import { ConsolidationEngine, type Consolidation } from './consolidation.engine';
import {
  adjustmentEntries,
  campaignUnit,
  campaignUnits,
  setAdjustmentEntry,
  setUnitExclusion,
  upsertSurveyResult,
  type ConsolidationUnitRow,
} from './consolidation.queries';

export interface SurveyImportProblem {
  row: number;
  /** English (the wire shape of bilingual text). */
  message: string;
  messageVi: string;
}

export interface SurveyImportResult {
  imported: number;
  problems: SurveyImportProblem[];
}

export interface UnitAdjustments {
  unitId: number;
  bonusEnteredMilli: number;
  penaltyEnteredMilli: number;
  bonusCapMilli: number;
  penaltyCapMilli: number;
  bonusCountedMilli: number;
  penaltyCountedMilli: number;
  items: Array<{
    kind: string;
    itemCode: string;
    title: string;
    occurrences: number;
    pointsMilli: number;
    note: string | null;
  }>;
}

const HEADERS = {
  unit: ['mã đơn vị', 'ma don vi', 'unit code', 'unit'],
  code: ['mã tiêu chí', 'ma tieu chi', 'criterion code', 'criterion', 'tiêu chí'],
  value: ['kết quả (%)', 'kết quả', 'ket qua', 'giá trị', 'value', 'tỷ lệ hài lòng (%)', 'tỷ lệ (%)'],
};

/**
 * Inside the caller's transaction: the campaign of the caller's authority (else 404), then the phase gate for
 * `writer` (423 naming when its window closed, 409 before it opens). Returns what the writers need of the row.
 */
export async function lockCampaignFor(
  em: EntityManager,
  campaignId: number,
  authorityId: number,
  writer: 'consolidation' | 'council' | 'approval' | 'correction',
): Promise<CampaignRecord> {
  const c = await findCampaign(em, campaignId, authorityId);
  if (!c) {
    throw notFound('campaign');
  }
  const { facts } = await assertWritable(em, { writer, campaignId });
  return { ...c, state: facts.state };
}

/** The secretariat's consolidation: the table, survey import, bonus/penalty entries. */
@Injectable()
export class ConsolidationService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly audit: AuditLog,
  ) {}

  consolidate(user: SessionUser, campaignId: number): Promise<Consolidation> {
    return new ConsolidationEngine(this.ds.manager).consolidate(campaignId, user.authorityId);
  }

  async unitDetail(
    user: SessionUser,
    campaignId: number,
    unitId: number,
  ): Promise<{ unitCode: string; unitName: string; leaves: LeafDetail[] }> {
    const u = await this.assertUnitVisible(user, campaignId, unitId);
    const detail = await new ConsolidationEngine(this.ds.manager).unitDetail(campaignId, unitId);
    return { unitCode: u.unitCode, unitName: u.unitName, leaves: detail.leaves };
  }

  /** 404 unless the unit is in the campaign and the caller may see it (authority-wide roles, or its own officers). */
  async assertUnitVisible(user: SessionUser, campaignId: number, unitId: number): Promise<ConsolidationUnitRow> {
    const wide = user.roles.some((r) => ['admin', 'leader', 'council_member', 'viewer'].includes(r));
    const em = this.ds.manager;
    const found = await campaignUnit(em, campaignId, unitId);
    if (
      !found ||
      (!wide && found.organisationId !== user.organisationId) ||
      !(await campaignExists(em, campaignId, user.authorityId))
    ) {
      throw notFound('unit');
    }
    return found;
  }

  /**
   * Import survey results from .xlsx (columns: Mã đơn vị, Mã tiêu chí, Kết quả (%)). Each value goes through
   * the leaf's survey rule; the points become the leaf's appraised score. All or nothing.
   */
  async importSurvey(
    user: SessionUser,
    campaignId: number,
    buffer: Buffer,
    fileName: string | undefined,
    actor: Actor,
  ): Promise<SurveyImportResult> {
    // Another authority's campaign is a 404 whatever the file holds: looked up before the file is read (outside the
    // transaction, so no lock waits on parsing), and again under the lock below.
    if (!(await campaignExists(this.ds.manager, campaignId, user.authorityId))) {
      throw notFound('campaign');
    }
    const table = await readSheet(buffer);
    return this.ds.transaction(async (em) => {
      const c = await lockCampaignFor(em, campaignId, user.authorityId, 'consolidation');
      const units = (await campaignUnits(em, campaignId)).filter((u) => u.sheetId !== null);
      const byCode = new Map(units.map((u) => [u.unitCode.toLowerCase(), u]));
      const engine = new ConsolidationEngine(em);
      const problems: SurveyImportProblem[] = [];
      const accepted: Array<{ unitId: number; sheetId: number; code: string; value: string; points: number }> = [];
      for (const r of table) {
        const unit = byCode.get(r.unit.toLowerCase());
        if (!unit) {
          problems.push({
            row: r.row,
            messageVi: `Không có đơn vị "${r.unit}" trong đợt đánh giá.`,
            message: `No unit "${r.unit}" in this campaign.`,
          });
          continue;
        }
        const set: CriteriaSet = await engine.criteriaSet(unit.criteriaSetId);
        const node = indexByCode(set).get(r.code);
        if (!node || node.children.length > 0 || node.rule?.kind !== 'survey') {
          problems.push({
            row: r.row,
            messageVi: `"${r.code}" không phải tiêu chí khảo sát của bộ tiêu chí đơn vị.`,
            message: `"${r.code}" is not a survey criterion of the unit's set.`,
          });
          continue;
        }
        const value = r.value.replace(',', '.').replace('%', '').trim();
        const evaluation = evaluateRule(node.rule, { value }, { maxPoints: node.maxPoints, timeZone: c.timezone });
        if (evaluation.points === null || !/^\d+(\.\d+)?$/.test(value)) {
          problems.push({
            row: r.row,
            messageVi: `Kết quả "${r.value}" không hợp lệ (cần một số phần trăm, ví dụ 92,5).`,
            message: `Result "${r.value}" is not valid (a percentage such as 92.5 is expected).`,
          });
          continue;
        }
        accepted.push({
          unitId: unit.unitId,
          sheetId: unit.sheetId!,
          code: node.code,
          value,
          points: evaluation.points,
        });
      }
      if (problems.length > 0) {
        throw ConsolidationErrors.surveyInvalid(problems);
      }
      for (const a of accepted) {
        await upsertSurveyResult(em, {
          campaignId,
          unitId: a.unitId,
          code: a.code,
          value: a.value,
          pointsMilli: a.points,
          source: fileName ?? null,
          userId: user.id,
        });
        // The survey's points are the leaf's appraised (round-1) score, with the result as its comment.
        await upsertAppraisedScore(
          em,
          a.sheetId,
          { code: a.code, milli: a.points, comment: `Kết quả khảo sát: ${a.value.replace('.', ',')}%`, round: 1 },
          user.id,
        );
      }
      await this.audit.record(em, actor, {
        action: 'survey.imported',
        entityType: 'campaign',
        entityId: campaignId,
        data: { rows: accepted.length, source: fileName ?? null },
      });
      return { imported: accepted.length, problems: [] };
    });
  }

  /** Set how often a bonus or penalty item occurred for a unit (0 removes it). */
  async setAdjustment(
    user: SessionUser,
    campaignId: number,
    unitId: number,
    kind: 'bonus' | 'penalty',
    itemCode: string,
    occurrences: number,
    note: string | undefined,
    actor: Actor,
  ): Promise<UnitAdjustments> {
    await this.ds.transaction(async (em) => {
      await lockCampaignFor(em, campaignId, user.authorityId, 'consolidation');
      const set = await this.setOfUnit(em, campaignId, unitId);
      const item = set[kind]?.items.find((i) => i.code === itemCode);
      if (!item) {
        throw ConsolidationErrors.unknownAdjustmentItem(kind, itemCode);
      }
      await setAdjustmentEntry(em, {
        campaignId,
        unitId,
        kind,
        itemCode,
        occurrences,
        pointsMilli: item.points * occurrences,
        note: note ?? null,
        userId: user.id,
      });
      await this.audit.record(em, actor, {
        action: `${kind}.set`,
        entityType: 'campaign',
        entityId: campaignId,
        data: { unitId, itemCode, occurrences, note: note ?? null },
      });
    });
    return this.adjustments(user, campaignId, unitId);
  }

  /**
   * Exclude a unit that never submitted, with a required reason (null reason: take it back in). A write of the
   * consolidation like any other — the phase gate decides when — and audited; decisions then accept the unit as
   * "excluded with a reason" and the tables list it unranked.
   */
  async setExclusion(
    user: SessionUser,
    campaignId: number,
    unitId: number,
    reason: string | null,
    actor: Actor,
  ): Promise<{ unitId: number; excludedReason: string | null }> {
    await this.ds.transaction(async (em) => {
      await lockCampaignFor(em, campaignId, user.authorityId, 'consolidation');
      const u = await campaignUnit(em, campaignId, unitId);
      if (!u) {
        throw notFound('unit');
      }
      if (reason !== null && u.sheetState !== null && !['draft', 'locked'].includes(u.sheetState)) {
        throw ConsolidationErrors.excludeSubmitted(u.unitName);
      }
      await setUnitExclusion(em, campaignId, unitId, reason, user.id);
      await this.audit.record(em, actor, {
        action: reason === null ? 'unit.included' : 'unit.excluded',
        entityType: 'campaign',
        entityId: campaignId,
        data: { unitId, reason },
      });
    });
    return { unitId, excludedReason: reason };
  }

  async adjustments(user: SessionUser, campaignId: number, unitId: number): Promise<UnitAdjustments> {
    await this.assertUnitVisible(user, campaignId, unitId);
    const em = this.ds.manager;
    const engine = new ConsolidationEngine(em);
    const c = await engine.campaign(campaignId, user.authorityId);
    const policy = policyOf(c.plan);
    const set = await this.setOfUnit(em, campaignId, unitId);
    const items = await adjustmentEntries(em, campaignId, unitId);
    const sum = (k: string) => items.filter((i) => i.kind === k).reduce((a, i) => a + i.pointsMilli, 0);
    const bonusCap = Math.min(set.bonus?.cap ?? policy.bonusCap, policy.bonusCap);
    const penaltyCap = Math.min(set.penalty?.cap ?? policy.penaltyCap, policy.penaltyCap);
    return {
      unitId,
      bonusEnteredMilli: sum('bonus'),
      penaltyEnteredMilli: sum('penalty'),
      bonusCapMilli: bonusCap,
      penaltyCapMilli: penaltyCap,
      bonusCountedMilli: Math.min(sum('bonus'), bonusCap),
      penaltyCountedMilli: Math.min(sum('penalty'), penaltyCap),
      items: items.map((i) => ({
        kind: i.kind,
        itemCode: i.itemCode,
        title:
          (i.kind === 'bonus' ? set.bonus : set.penalty)?.items.find((x) => x.code === i.itemCode)?.title ?? i.itemCode,
        occurrences: i.occurrences,
        pointsMilli: i.pointsMilli,
        note: i.note,
      })),
    };
  }

  private async setOfUnit(em: EntityManager, campaignId: number, unitId: number): Promise<CriteriaSet> {
    const cu = await campaignUnit(em, campaignId, unitId);
    if (!cu) {
      throw notFound('unit');
    }
    return new ConsolidationEngine(em).criteriaSet(cu.criteriaSetId);
  }
}

/** A `DATE` column as `yyyy-MM-dd`, whether the driver gave a string or a Date. */
export const isoDate = (d: string | Date): string =>
  d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10);

/** Parse a decimal points string ("1,5") into milli-points, or throw a clear 400. */
export function pointsOrThrow(value: string, field = 'points'): number {
  const milli = parsePoints(value);
  if (milli === undefined) {
    throw ConsolidationErrors.invalidPoints(value, field);
  }
  return milli;
}

async function readSheet(buffer: Buffer): Promise<Array<{ row: number; unit: string; code: string; value: string }>> {
  const wb = new (await loadExcelJs()).Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw ConsolidationErrors.surveyUnreadable();
  }
  const ws = wb.worksheets[0];
  if (!ws) {
    throw ConsolidationErrors.surveyEmpty();
  }
  const cellText = (v: ExcelJS.CellValue): string => {
    if (v === null || v === undefined) {
      return '';
    }
    if (typeof v === 'object' && 'result' in v) {
      const r = v.result;
      return r === null || r === undefined || typeof r === 'object' ? '' : String(r);
    }
    if (typeof v === 'object' && 'richText' in v) {
      return v.richText.map((t) => t.text).join('');
    }
    if (v instanceof Date) {
      return v.toISOString();
    }
    return typeof v === 'object' ? '' : String(v);
  };
  const norm = (s: string) => s.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
  const header = ws.getRow(1);
  const cols: Partial<Record<keyof typeof HEADERS, number>> = {};
  header.eachCell((cell, col) => {
    const h = norm(cellText(cell.value));
    for (const [k, aliases] of Object.entries(HEADERS) as Array<[keyof typeof HEADERS, string[]]>) {
      if (aliases.includes(h) && cols[k] === undefined) {
        cols[k] = col;
      }
    }
  });
  const missing = (Object.keys(HEADERS) as Array<keyof typeof HEADERS>).filter((k) => cols[k] === undefined);
  if (missing.length > 0) {
    throw ConsolidationErrors.surveyColumns(missing);
  }
  const out: Array<{ row: number; unit: string; code: string; value: string }> = [];
  ws.eachRow((r, n) => {
    if (n === 1) {
      return;
    }
    const unit = cellText(r.getCell(cols.unit!).value).trim();
    const code = cellText(r.getCell(cols.code!).value).trim();
    const value = cellText(r.getCell(cols.value!).value).trim();
    if (unit || code || value) {
      out.push({ row: n, unit, code, value });
    }
  });
  return out;
}
