import { Inject, Injectable } from '@nestjs/common';
import { basename, extname } from 'node:path';
import {
  checkCatalogRouting,
  formatCriteriaTree,
  formatProblems,
  hasErrors,
  importCriteriaXlsx,
  loadCriteriaSetYaml,
  milliToNumber,
  problem,
  routingTable,
  sortProblems,
  type CampaignPlan,
  type CriteriaSet,
  type CriterionNode,
  type LoadResult,
  type Problem,
} from '@lib/criteria';
import { DATA_SOURCE } from '@lib/database';
import { AppError, notFound } from '@lib/common';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { findCampaign } from '../campaigns/campaign.queries';
import { contentAreaNamesOfAuthority } from './criteria-set.queries';
import { CriteriaSetStore } from './criteria-set.store';
import type {
  CriteriaImportQuery,
  CriteriaImportView,
  CriteriaNodeView,
  CriteriaProblemView,
  CriteriaTotalsView,
} from './dto/criteria.dto';

export interface UploadedCriteriaFile {
  buffer: Buffer;
  originalname?: string;
}

const KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A file name → a set key ("Phu luc I (2024).xlsx" → "phu-luc-i-2024"). */
function keyFromFileName(name: string | undefined): string | undefined {
  if (!name) {
    return undefined;
  }
  const key = basename(name, extname(name))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return KEY.test(key) ? key : undefined;
}

function nodeView(n: CriterionNode, areaName: (code: string) => string | undefined): CriteriaNodeView {
  return {
    code: n.code,
    title: n.title,
    maxPoints: milliToNumber(n.maxPoints),
    ruleKind: n.children.length === 0 ? n.rule?.kind : undefined,
    contentArea: n.contentArea,
    contentAreaName: n.contentArea === undefined ? undefined : areaName(n.contentArea),
    row: n.source?.row,
    line: n.source?.line,
    children: n.children.map((c) => nodeView(c, areaName)),
  };
}

function countLeaves(n: CriterionNode): number {
  return n.children.length ? n.children.reduce((a, c) => a + countLeaves(c), 0) : 1;
}

function totalsOf(set: CriteriaSet): CriteriaTotalsView {
  return {
    fields: set.nodes.map((n) => ({
      code: n.code,
      title: n.title,
      maxPoints: milliToNumber(n.maxPoints),
      leaves: countLeaves(n),
    })),
    total: milliToNumber(set.nodes.reduce((a, n) => a + n.maxPoints, 0)),
    declared: milliToNumber(set.totalPoints),
    leaves: set.nodes.reduce((a, n) => a + countLeaves(n), 0),
  };
}

function problemView(p: Problem): CriteriaProblemView {
  return {
    severity: p.severity,
    kind: p.kind,
    message: p.message,
    messageVi: p.messageVi,
    code: p.code,
    field: p.field,
    row: p.row,
    line: p.line,
  };
}

/**
 * Criteria set import (dry run first): an .xlsx in the usual Vietnamese layout or the YAML kept in config/,
 * checked against a campaign's routing when one is named; the tree, the totals and every problem (with its
 * row or line) come back; only `dryRun=false` without errors stores a new version.
 */
@Injectable()
export class CriteriaImportService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly store: CriteriaSetStore,
  ) {}

  async import(user: SessionUser, file: UploadedCriteriaFile, query: CriteriaImportQuery): Promise<CriteriaImportView> {
    const dryRun = query.dryRun ?? true;
    const plan = query.campaignId ? await this.planOf(user, query.campaignId) : undefined;
    const name = file.originalname ?? '';
    const format: 'xlsx' | 'yaml' = /\.ya?ml$/i.test(name) ? 'yaml' : 'xlsx';
    const result = await this.load(format, file, query, plan);
    const problems = [...result.problems];
    const set = result.ok ? result.value : undefined;
    if (set && query.unitGroup) {
      set.unitGroup = query.unitGroup;
    }
    const group = set?.unitGroup;
    if (set && !group) {
      problems.push(
        problem(
          'missing-unit-group',
          {},
          'Chưa rõ bộ tiêu chí dành cho nhóm đơn vị nào: chọn "Nhóm đơn vị" khi nhập rồi chạy thử lại.',
          'The unit group of the set is unknown: choose one (unitGroup) when importing.',
        ),
      );
    }
    if (set && plan && group) {
      if (!plan.unitGroups.some((g) => g.key === group)) {
        problems.push(
          problem(
            'unknown-unit-group',
            {},
            `Kế hoạch của đợt đánh giá không có nhóm đơn vị "${group}".`,
            `The campaign's plan has no unit group "${group}".`,
          ),
        );
      } else {
        // Routing of bonus/penalty items too; leaves already checked by the loader are not repeated.
        const seen = new Set(
          problems.filter((p) => p.field === 'contentArea' || p.kind.includes('rout')).map((p) => p.code),
        );
        const scoped = {
          ...plan,
          unitGroups: plan.unitGroups.filter((g) => g.key === group).map((g) => ({ ...g, catalog: set.key })),
        };
        problems.push(...checkCatalogRouting(scoped, [set]).filter((p) => !seen.has(p.code)));
      }
    }
    // A person reads the area as the sheet (or the routing) words it, not as its generated key.
    const authorityNames = set
      ? await contentAreaNamesOfAuthority(this.ds.manager, user.authorityId)
      : new Map<string, string>();
    const areaName = (code: string): string | undefined =>
      set?.contentAreaNames?.[code] ??
      plan?.contentAreas.find((a) => a.code === code)?.name ??
      authorityNames.get(code);
    const sorted = sortProblems(problems);
    const ok = !!set && !hasErrors(sorted);
    const view: CriteriaImportView = {
      dryRun,
      ok,
      format,
      set: set
        ? { key: set.key, title: set.title, sample: set.sample, unitGroup: set.unitGroup, notice: set.notice }
        : undefined,
      tree: set ? set.nodes.map((n) => nodeView(n, areaName)) : [],
      totals: set ? totalsOf(set) : undefined,
      problems: sorted.map(problemView),
      text: [set ? formatCriteriaTree(set) : '', formatProblems(sorted)].filter(Boolean).join('\n\n'),
    };
    if (dryRun) {
      return view;
    }
    if (!ok || !set || !group) {
      throw new AppError(
        'invalid',
        'CRITERIA_IMPORT_INVALID',
        `Không nhập được bộ tiêu chí: ${sorted.filter((p) => p.severity === 'error').length} lỗi (chưa lưu gì).`,
        `The criteria set was not imported: ${sorted.filter((p) => p.severity === 'error').length} errors (nothing saved).`,
        { problems: view.problems },
      );
    }
    view.stored = await this.ds.transaction((em) => this.store.store(em, user.authorityId, group, set));
    return view;
  }

  private async planOf(user: SessionUser, campaignId: number): Promise<CampaignPlan | undefined> {
    const campaign = await findCampaign(this.ds.manager, campaignId, user.authorityId);
    if (!campaign) {
      throw notFound('campaign');
    }
    return campaign.plan ?? undefined;
  }

  private async load(
    format: 'xlsx' | 'yaml',
    file: UploadedCriteriaFile,
    query: CriteriaImportQuery,
    plan: CampaignPlan | undefined,
  ): Promise<LoadResult<CriteriaSet>> {
    if (format === 'yaml') {
      return loadCriteriaSetYaml(file.buffer.toString('utf8'), plan ? { routing: routingTable(plan) } : {});
    }
    return importCriteriaXlsx(file.buffer, {
      key: query.key ?? keyFromFileName(file.originalname),
      unitGroup: query.unitGroup,
      ...(plan ? { routing: { contentAreas: plan.contentAreas, organisations: plan.organisations } } : {}),
    });
  }
}
