/**
 * Criteria not applicable to a unit in a campaign (the secretariat's marks, each with its reason): the one place
 * that reads or writes `not_applicable_criteria`.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface NotApplicableMark {
  code: string;
  reason: string;
  createdAt: Date;
}

/** One unit's marks in a campaign, by leaf code. */
export async function notApplicableOf(
  em: EntityManager,
  campaignId: number,
  unitId: number,
): Promise<Map<string, NotApplicableMark>> {
  const found = await rows<{ criterion_code: string; reason: string; created_at: Date }>(
    em,
    'SELECT criterion_code, reason, created_at FROM not_applicable_criteria WHERE campaign_id = ? AND unit_id = ? ORDER BY criterion_code',
    [campaignId, unitId],
  );
  return new Map(
    found.map((r) => [
      r.criterion_code,
      { code: r.criterion_code, reason: r.reason, createdAt: new Date(r.created_at) },
    ]),
  );
}

/**
 * Every mark of a campaign of the authority, by unit then code (the secretariat's list); undefined when the
 * campaign is not the authority's (answered as missing).
 */
export async function marksOfCampaign(
  em: EntityManager,
  campaignId: number,
  authorityId: number,
): Promise<Array<NotApplicableMark & { unitId: number }> | undefined> {
  const [campaign] = await rows<{ id: number }>(em, 'SELECT id FROM campaigns WHERE id = ? AND authority_id = ?', [
    campaignId,
    authorityId,
  ]);
  if (!campaign) {
    return undefined;
  }
  const found = await rows<{ unit_id: number; criterion_code: string; reason: string; created_at: Date }>(
    em,
    'SELECT unit_id, criterion_code, reason, created_at FROM not_applicable_criteria WHERE campaign_id = ? ORDER BY unit_id, criterion_code',
    [campaignId],
  );
  return found.map((r) => ({
    unitId: r.unit_id,
    code: r.criterion_code,
    reason: r.reason,
    createdAt: new Date(r.created_at),
  }));
}

/** Every unit's not-applicable leaf codes in a campaign (consolidation). */
export async function campaignNotApplicable(em: EntityManager, campaignId: number): Promise<Map<number, Set<string>>> {
  const found = await rows<{ unit_id: number; criterion_code: string }>(
    em,
    'SELECT unit_id, criterion_code FROM not_applicable_criteria WHERE campaign_id = ?',
    [campaignId],
  );
  const out = new Map<number, Set<string>>();
  for (const r of found) {
    out.set(r.unit_id, (out.get(r.unit_id) ?? new Set()).add(r.criterion_code));
  }
  return out;
}

export async function upsertNotApplicable(
  em: EntityManager,
  mark: { campaignId: number; unitId: number; code: string; reason: string; userId: number },
): Promise<void> {
  await write(
    em,
    'INSERT INTO not_applicable_criteria (campaign_id, unit_id, criterion_code, reason, created_by) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE reason = VALUES(reason), created_by = VALUES(created_by)',
    [mark.campaignId, mark.unitId, mark.code, mark.reason, mark.userId],
  );
}

/** True when there was a mark to remove. */
export async function deleteNotApplicable(
  em: EntityManager,
  campaignId: number,
  unitId: number,
  code: string,
): Promise<boolean> {
  const r = await write(
    em,
    'DELETE FROM not_applicable_criteria WHERE campaign_id = ? AND unit_id = ? AND criterion_code = ?',
    [campaignId, unitId, code],
  );
  return r.affectedRows > 0;
}

/** The score sheet of a unit in a campaign of the authority (with the set it is scored against), if any. */
export async function sheetOfCampaignUnit(
  em: EntityManager,
  campaignId: number,
  unitId: number,
  authorityId: number,
): Promise<{ sheetId: number; criteriaSetId: number } | undefined> {
  const [r] = await rows<{ id: number; criteria_set_id: number }>(
    em,
    `SELECT s.id, s.criteria_set_id FROM score_sheets s JOIN campaigns c ON c.id = s.campaign_id
      WHERE s.campaign_id = ? AND s.unit_id = ? AND c.authority_id = ?`,
    [campaignId, unitId, authorityId],
  );
  return r && { sheetId: r.id, criteriaSetId: r.criteria_set_id };
}
