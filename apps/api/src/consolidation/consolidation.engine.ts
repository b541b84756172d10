/**
 * Consolidation (tổng hợp): loads what MySQL holds for a campaign — the leaves' stage scores, survey results
 * (already written to their leaves), bonus/penalty entries, the flag sources — and hands it to the pure
 * computation in @lib/criteria (consolidateUnits, leafDetails). Plain code over an EntityManager, so the service,
 * the publication, the exports and the benchmark share one computation.
 */
import { campaignNotApplicable } from '../criteria/not-applicable.queries';
import {
  leafDetails,
  policyOf,
  rankScoredUnits,
  scoreUnit,
  type ConsolidatedScores,
  type ConsolidationUnit,
  type CriteriaSet,
  type GroupTable,
  type LeafDetail,
  type ScoringPolicy,
  type UnitResult,
} from '@lib/criteria';
import { notFound } from '@lib/common';
import type { EntityManager } from 'typeorm';
import { findCampaign, type CampaignRecord } from '../campaigns/campaign.queries';
import { definitionOf, findCriteriaSet } from '../criteria/criteria-set.queries';
import { loadEntries, type StoredEntry } from '../sheets/sheet.queries';
import {
  adjustmentTotals,
  campaignUnit,
  campaignUnits,
  flagSources,
  streamCampaignScores,
  type ConsolidationUnitRow,
} from './consolidation.queries';

export type { FieldResult, GroupTable, LeafDetail, UnitFlags, UnitResult } from '@lib/criteria';

export interface Consolidation {
  campaignId: number;
  campaignCode: string;
  campaignName: string;
  year: number;
  state: string;
  timezone: string;
  policy: ScoringPolicy;
  tables: GroupTable[];
}

/** Called as units are scored: how many of the campaign's units are done (a job's progress bar). */
export type ConsolidationProgress = (done: number, total: number) => void;

/** Loads and computes; one instance per call (it caches criteria sets for the duration). */
export class ConsolidationEngine {
  private readonly sets = new Map<number, CriteriaSet>();

  constructor(private readonly em: EntityManager) {}

  /** The campaign (of the authority when one is named), else 404. */
  async campaign(campaignId: number, authorityId?: number): Promise<CampaignRecord> {
    const c = await findCampaign(this.em, campaignId, authorityId);
    if (!c) {
      throw notFound('campaign');
    }
    return c;
  }

  async criteriaSet(id: number): Promise<CriteriaSet> {
    let set = this.sets.get(id);
    if (!set) {
      const row = await findCriteriaSet(this.em, id);
      if (!row) {
        throw notFound('criteria set');
      }
      set = definitionOf(row);
      this.sets.set(id, set);
    }
    return set;
  }

  /**
   * Consolidate and rank every unit of the campaign. The small inputs (units, sets, adjustments, flags) are read
   * first; then the score entries stream in sheet by sheet and each unit is scored as soon as its sheet is complete
   * (scoring overlaps the transfer instead of following it); the units are ranked once at the end.
   */
  async consolidate(
    campaignId: number,
    authorityId?: number,
    onProgress?: ConsolidationProgress,
  ): Promise<Consolidation> {
    const c = await this.campaign(campaignId, authorityId);
    const plan = c.plan;
    const policy = policyOf(plan);
    const units = await campaignUnits(this.em, campaignId);
    const adjustments = await adjustmentTotals(this.em, campaignId);
    const flags = await flagSources(this.em, campaignId);
    const notApplicable = await campaignNotApplicable(this.em, campaignId);
    const sets = new Map<number, CriteriaSet>();
    for (const u of units) {
      sets.set(u.criteriaSetId, await this.criteriaSet(u.criteriaSetId));
    }
    const input = (u: ConsolidationUnitRow, scores: ReadonlyMap<string, ConsolidatedScores>): ConsolidationUnit => ({
      ...u,
      set: sets.get(u.criteriaSetId)!,
      scores,
      adjustments: adjustments.get(u.unitId) ?? { bonus: 0, penalty: 0 },
      conflictsOfInterest: flags.conflicts.get(u.unitId) ?? [],
      openClarifications: u.sheetId !== null ? (flags.clarifications.get(u.sheetId) ?? 0) : 0,
      evidencedLeaves:
        flags.evidence === null
          ? null
          : ((u.sheetId !== null ? flags.evidence.get(u.sheetId) : undefined) ?? new Set()),
      notApplicable: notApplicable.get(u.unitId) ?? new Set<string>(),
    });
    const bySheet = new Map(units.filter((u) => u.sheetId !== null).map((u) => [u.sheetId!, u]));
    const scored = new Map<number, UnitResult>();
    await streamCampaignScores(this.em, campaignId, (sheetId, scores) => {
      const u = bySheet.get(sheetId);
      if (u) {
        scored.set(u.unitId, scoreUnit(input(u, scores), policy));
        onProgress?.(scored.size, units.length);
      }
    });
    // Units without a sheet, or whose sheet has no entry yet, score on empty leaves (as before).
    const results = units.map((u) => scored.get(u.unitId) ?? scoreUnit(input(u, new Map()), policy));
    onProgress?.(units.length, units.length);
    return {
      campaignId: c.id,
      campaignCode: c.code,
      campaignName: c.name,
      year: c.year,
      state: c.state,
      timezone: c.timezone,
      policy,
      tables: rankScoredUnits(results, plan),
    };
  }

  /** Every leaf of one unit with its stage scores and comments (the detailed result sheet). */
  async unitDetail(campaignId: number, unitId: number): Promise<{ set: CriteriaSet; leaves: LeafDetail[] }> {
    const u = await campaignUnit(this.em, campaignId, unitId);
    if (!u) {
      throw notFound('unit');
    }
    const set = await this.criteriaSet(u.criteriaSetId);
    const stored = u.sheetId === null ? new Map<string, StoredEntry>() : await loadEntries(this.em, u.sheetId);
    return { set, leaves: leafDetails(set, stored) };
  }
}
