import { Inject, Injectable } from '@nestjs/common';
import {
  allNodes,
  editCriteriaSet,
  exportCriteriaXlsx,
  hasErrors,
  milliToNumber,
  ruleToText,
  sortProblems,
} from '@lib/criteria';
import { DATA_SOURCE } from '@lib/database';
import { AppError, notFound } from '@lib/common';
import { AuditLog, type Actor } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import {
  contentAreaNamesOfAuthority,
  definitionOf,
  findCriteriaSet,
  listCriteriaSets,
  type StoredCriteriaSetRow,
} from './criteria-set.queries';
import { CriteriaSetStore } from './criteria-set.store';
import type { CriteriaSetListItemView, StoredCriteriaSetView } from './dto/criteria.dto';
import type { CriteriaSetDetailView, CriteriaSetEditDto } from './dto/criteria-sets.dto';

function listItem(r: StoredCriteriaSetRow): CriteriaSetListItemView {
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    title: r.title,
    unitGroup: r.unitGroup,
    maxPoints: milliToNumber(r.maxMilli),
    createdAt: r.createdAt.toISOString(),
    usedBy: r.usedBy,
  };
}

/**
 * The authority's stored criteria sets: every version, one version's nodes for the edit form, and an edit that
 * becomes the next version (a stored version never changes; one that a campaign uses is only ever the base of
 * a new version, and the admin says so explicitly).
 */
@Injectable()
export class CriteriaSetsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly store: CriteriaSetStore,
    private readonly audit: AuditLog,
  ) {}

  async list(user: SessionUser): Promise<CriteriaSetListItemView[]> {
    return (await listCriteriaSets(this.ds.manager, user.authorityId)).map(listItem);
  }

  async get(user: SessionUser, id: number): Promise<CriteriaSetDetailView> {
    const row = await this.find(user, id);
    const set = definitionOf(row);
    const depth = (code: string) => code.split('.').length;
    // The set's own wording of an area (an .xlsx import), else the authority's campaigns' routing table.
    const campaignNames = await contentAreaNamesOfAuthority(this.ds.manager, user.authorityId);
    const areaName = (code: string | undefined) =>
      code === undefined ? undefined : (set.contentAreaNames?.[code] ?? campaignNames.get(code));
    return {
      ...listItem(row),
      notice: set.notice,
      nodes: allNodes(set).map((n) => {
        const leaf = n.children.length === 0;
        return {
          code: n.code,
          title: n.title,
          depth: depth(n.code),
          leaf,
          maxPoints: milliToNumber(n.maxPoints),
          ruleKind: leaf ? n.rule?.kind : undefined,
          ruleText: leaf && n.rule ? (n.guidance ?? ruleToText(n.rule, n.maxPoints)) : undefined,
          contentArea: n.contentArea,
          contentAreaName: areaName(n.contentArea),
          contentAreaInherited: n.contentAreaInherited ?? false,
          evidenceHint: n.evidenceHint,
        };
      }),
    };
  }

  /** The edits applied to version `id` and stored as the next version of its code; 422 with every problem otherwise. */
  async edit(user: SessionUser, id: number, dto: CriteriaSetEditDto, actor: Actor): Promise<StoredCriteriaSetView> {
    const row = await this.find(user, id);
    if (row.usedBy > 0 && !dto.newVersion) {
      throw new AppError(
        'conflict',
        'CRITERIA_SET_IN_USE',
        `Phiên bản ${row.version} của bộ tiêu chí đang được đợt đánh giá dùng nên không sửa được. Chọn "Tạo phiên bản mới": thay đổi được lưu thành phiên bản mới, đợt đánh giá vẫn giữ phiên bản ${row.version}.`,
        `Version ${row.version} is used by a campaign and cannot be changed. Choose "new version": the changes become a new version and the campaign keeps version ${row.version}.`,
        { usedBy: row.usedBy },
      );
    }
    const edited = editCriteriaSet(definitionOf(row), dto.edits);
    const problems = sortProblems(edited.problems);
    if (hasErrors(problems)) {
      throw new AppError(
        'unprocessable',
        'CRITERIA_EDIT_INVALID',
        `Chưa lưu: ${problems.filter((p) => p.severity === 'error').length} lỗi cần sửa (xem danh sách).`,
        `Not saved: ${problems.filter((p) => p.severity === 'error').length} errors to fix (see the list).`,
        { problems: problems.map((p) => ({ ...p })) },
      );
    }
    return this.ds.transaction(async (em) => {
      const stored = await this.store.store(em, user.authorityId, row.unitGroup, edited.set);
      await this.audit.record(em, actor, {
        action: 'criteriaSet.edited',
        entityType: 'criteria_set',
        entityId: stored.id,
        data: { basedOn: row.id, code: row.code, fromVersion: row.version, version: stored.version, edits: dto.edits },
      });
      return stored;
    });
  }

  /** A stored version as .xlsx (the import reads it back to the same set). */
  async exportXlsx(user: SessionUser, id: number): Promise<{ body: Buffer; fileName: string }> {
    const row = await this.find(user, id);
    const set = definitionOf(row);
    return { body: Buffer.from(await exportCriteriaXlsx(set)), fileName: `${row.code}-v${row.version}.xlsx` };
  }

  private async find(user: SessionUser, id: number): Promise<StoredCriteriaSetRow> {
    const row = await findCriteriaSet(this.ds.manager, id, user.authorityId);
    if (!row) {
      throw notFound('criteria set');
    }
    return row;
  }
}
