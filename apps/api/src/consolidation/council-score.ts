import { indexByCode } from '@lib/criteria';
import { notFound } from '@lib/common';
import { rows, write } from '@lib/workflow';
import type { EntityManager } from 'typeorm';
import { ConsolidationEngine } from './consolidation.engine';
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
  const [u] = await rows<{ criteria_set_id: number; sheet_id: number }>(
    em,
    `SELECT cu.criteria_set_id, s.id AS sheet_id FROM campaign_units cu
       JOIN score_sheets s ON s.campaign_id = cu.campaign_id AND s.unit_id = cu.unit_id
      WHERE cu.campaign_id = ? AND cu.unit_id = ?`,
    [campaignId, change.unitId],
  );
  if (!u) {
    throw notFound('unit');
  }
  const node = indexByCode(await engine.criteriaSet(u.criteria_set_id)).get(change.criterionCode);
  if (!node || node.children.length > 0) {
    throw CouncilErrors.unknownCriterion(change.criterionCode);
  }
  if (milli < 0 || milli > node.maxPoints) {
    throw CouncilErrors.pointsOutOfRange(node.maxPoints / 1000);
  }
  return { sheetId: u.sheet_id, criterionCode: change.criterionCode, milli };
}

/** Set the leaf's council score and reason (final = council ?? round 2 ?? round 1). */
export async function writeCouncilScore(
  em: EntityManager,
  score: CouncilLeafScore,
  reason: string,
  userId: number,
): Promise<void> {
  await write(
    em,
    `INSERT INTO score_entries (sheet_id, criterion_code, council_milli, council_reason, updated_by) VALUES (?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE council_milli = VALUES(council_milli), council_reason = VALUES(council_reason), updated_by = VALUES(updated_by)`,
    [score.sheetId, score.criterionCode, score.milli, reason, userId],
  );
}
