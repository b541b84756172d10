import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { evaluateRule, indexByCode, parsePoints, type CriteriaSet } from '@lib/criteria';
import { notFound } from '@lib/common';
import { AuditLog, assertWritable, rows, write, type Actor } from '@lib/workflow';
import ExcelJS from 'exceljs';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { ConsolidationErrors } from './consolidation.errors';
import { ConsolidationEngine, planOf, policyOf, type Consolidation, type LeafDetail } from './consolidation.engine';

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
): Promise<{ id: number; state: string; plan: string; timezone: string; year: number }> {
  const [c] = await rows<{ id: number; state: string; plan: string; timezone: string; year: number }>(
    em,
    'SELECT id, state, plan, timezone, year FROM campaigns WHERE id = ? AND authority_id = ?',
    [campaignId, authorityId],
  );
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
    await this.assertUnitVisible(user, campaignId, unitId);
    const [u] = await rows<{ code: string; name: string }>(
      this.ds.manager,
      'SELECT code, name FROM units WHERE id = ?',
      [unitId],
    );
    const detail = await new ConsolidationEngine(this.ds.manager).unitDetail(campaignId, unitId);
    return { unitCode: u.code, unitName: u.name, leaves: detail.leaves };
  }

  /** 404 unless the unit is in the campaign and the caller may see it (authority-wide roles, or its own officers). */
  async assertUnitVisible(user: SessionUser, campaignId: number, unitId: number): Promise<void> {
    const wide = user.roles.some((r) => ['admin', 'leader', 'council_member', 'viewer'].includes(r));
    const [found] = await rows<{ id: number }>(
      this.ds.manager,
      `SELECT u.id FROM campaign_units cu JOIN units u ON u.id = cu.unit_id JOIN campaigns c ON c.id = cu.campaign_id
        WHERE cu.campaign_id = ? AND cu.unit_id = ? AND c.authority_id = ? ${wide ? '' : 'AND u.organisation_id = ?'}`,
      wide ? [campaignId, unitId, user.authorityId] : [campaignId, unitId, user.authorityId, user.organisationId],
    );
    if (!found) {
      throw notFound('unit');
    }
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
    const table = await readSheet(buffer);
    return this.ds.transaction(async (em) => {
      const c = await lockCampaignFor(em, campaignId, user.authorityId, 'consolidation');
      const units = await rows<{ unit_id: number; code: string; criteria_set_id: number; sheet_id: number }>(
        em,
        `SELECT cu.unit_id, u.code, cu.criteria_set_id, s.id AS sheet_id FROM campaign_units cu
           JOIN units u ON u.id = cu.unit_id JOIN score_sheets s ON s.campaign_id = cu.campaign_id AND s.unit_id = cu.unit_id
          WHERE cu.campaign_id = ?`,
        [campaignId],
      );
      const byCode = new Map(units.map((u) => [u.code.toLowerCase(), u]));
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
        const set: CriteriaSet = await engine.criteriaSet(unit.criteria_set_id);
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
          unitId: unit.unit_id,
          sheetId: unit.sheet_id,
          code: node.code,
          value,
          points: evaluation.points,
        });
      }
      if (problems.length > 0) {
        throw ConsolidationErrors.surveyInvalid(problems);
      }
      for (const a of accepted) {
        await write(
          em,
          `INSERT INTO survey_results (campaign_id, unit_id, criterion_code, value, points_milli, source, imported_by)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON DUPLICATE KEY UPDATE value = VALUES(value), points_milli = VALUES(points_milli), source = VALUES(source), imported_by = VALUES(imported_by)`,
          [campaignId, a.unitId, a.code, a.value, a.points, fileName ?? null, user.id],
        );
        await write(
          em,
          `INSERT INTO score_entries (sheet_id, criterion_code, appraised_r1_milli, appraised_r1_comment, updated_by)
           VALUES (?, ?, ?, ?, ?)
           ON DUPLICATE KEY UPDATE appraised_r1_milli = VALUES(appraised_r1_milli), appraised_r1_comment = VALUES(appraised_r1_comment), updated_by = VALUES(updated_by)`,
          [a.sheetId, a.code, a.points, `Kết quả khảo sát: ${a.value.replace('.', ',')}%`, user.id],
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
      if (occurrences === 0) {
        await write(
          em,
          'DELETE FROM adjustment_entries WHERE campaign_id = ? AND unit_id = ? AND kind = ? AND item_code = ?',
          [campaignId, unitId, kind, itemCode],
        );
      } else {
        await write(
          em,
          `INSERT INTO adjustment_entries (campaign_id, unit_id, kind, item_code, occurrences, points_milli, note, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON DUPLICATE KEY UPDATE occurrences = VALUES(occurrences), points_milli = VALUES(points_milli), note = VALUES(note), updated_by = VALUES(updated_by)`,
          [campaignId, unitId, kind, itemCode, occurrences, item.points * occurrences, note ?? null, user.id],
        );
      }
      await this.audit.record(em, actor, {
        action: `${kind}.set`,
        entityType: 'campaign',
        entityId: campaignId,
        data: { unitId, itemCode, occurrences, note: note ?? null },
      });
    });
    return this.adjustments(user, campaignId, unitId);
  }

  async adjustments(user: SessionUser, campaignId: number, unitId: number): Promise<UnitAdjustments> {
    await this.assertUnitVisible(user, campaignId, unitId);
    const em = this.ds.manager;
    const engine = new ConsolidationEngine(em);
    const c = await engine.campaign(campaignId, user.authorityId);
    const policy = policyOf(planOf(c.plan));
    const set = await this.setOfUnit(em, campaignId, unitId);
    const items = await rows<{
      kind: string;
      item_code: string;
      occurrences: number;
      points_milli: number;
      note: string | null;
    }>(
      em,
      'SELECT kind, item_code, occurrences, points_milli, note FROM adjustment_entries WHERE campaign_id = ? AND unit_id = ? ORDER BY kind, item_code',
      [campaignId, unitId],
    );
    const sum = (k: string) => items.filter((i) => i.kind === k).reduce((a, i) => a + i.points_milli, 0);
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
        itemCode: i.item_code,
        title:
          (i.kind === 'bonus' ? set.bonus : set.penalty)?.items.find((x) => x.code === i.item_code)?.title ??
          i.item_code,
        occurrences: i.occurrences,
        pointsMilli: i.points_milli,
        note: i.note,
      })),
    };
  }

  private async setOfUnit(em: EntityManager, campaignId: number, unitId: number): Promise<CriteriaSet> {
    const [cu] = await rows<{ criteria_set_id: number }>(
      em,
      'SELECT criteria_set_id FROM campaign_units WHERE campaign_id = ? AND unit_id = ?',
      [campaignId, unitId],
    );
    if (!cu) {
      throw notFound('unit');
    }
    return new ConsolidationEngine(em).criteriaSet(cu.criteria_set_id);
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
  const wb = new ExcelJS.Workbook();
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
