import { indexByCode } from '@lib/criteria';
import { notFound } from '@lib/common';
import type { EntityManager } from 'typeorm';
import { upsertCouncilScore } from '../sheets/sheet.queries';
import { ConsolidationEngine } from './consolidation.engine';
import { campaignUnit } from './consolidation.queries';
import { pointsOrThrow } from './consolidation.service';
import { CouncilErrors } from '../council/council.errors';

/** A council-level score for one leaf of one unit, checked: the unit's sheet and the points in milli-points. */
export interface CouncilLeafScore {
  sheetId: number;
  criterionCode: string;
  milli: number;
}

/**
 * Check a council-level score (a council adjustment or a published correction): the unit is in the campaign,
 * the code is a leaf of the unit's criteria set, and the points are within 0 and the leaf's max. Clear 4xx else.
 */
export async function checkCouncilScore(
  em: EntityManager,
  campaignId: number,
  change: { unitId: number; criterionCode: string; points: string },
  engine = new ConsolidationEngine(em),
): Promise<CouncilLeafScore> {
  const milli = pointsOrThrow(change.points);
  const u = await campaignUnit(em, campaignId, change.unitId);
  if (!u || u.sheetId === null) {
    throw notFound('unit');
  }
  const node = indexByCode(await engine.criteriaSet(u.criteriaSetId)).get(change.criterionCode);
  if (!node || node.children.length > 0) {
    throw CouncilErrors.unknownCriterion(change.criterionCode);
  }
  if (milli < 0 || milli > node.maxPoints) {
    throw CouncilErrors.pointsOutOfRange(node.maxPoints / 1000);
  }
  return { sheetId: u.sheetId, criterionCode: change.criterionCode, milli };
}

/** Set the leaf's council score and reason (final = council ?? round 2 ?? round 1). */
export async function writeCouncilScore(
  em: EntityManager,
  score: CouncilLeafScore,
  reason: string,
  userId: number,
): Promise<void> {
  await upsertCouncilScore(em, score.sheetId, { code: score.criterionCode, milli: score.milli, reason }, userId);
}
