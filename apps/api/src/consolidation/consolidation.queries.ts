/**
 * The consolidation's SQL: the units of a campaign with their criteria set and sheet, every stage score of the
 * campaign, bonus/penalty entries and survey results, and what the flags are computed from. Score entries
 * themselves are written through sheets/sheet.queries.ts (the sheet aggregate owns score_entries).
 */
import type { ConsolidatedScores } from '@lib/criteria';
import { eachRow, rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

/** A unit taking part in the campaign, with its criteria set and its sheet (null when none was created). */
export interface ConsolidationUnitRow {
  unitId: number;
  unitCode: string;
  unitName: string;
  organisationId: number;
  group: string;
  criteriaSetId: number;
  sheetId: number | null;
  sheetState: string | null;
  /** Set aside by the secretariat with this reason (not ranked); null when the unit takes part. */
  excludedReason: string | null;
}

interface RawUnit {
  unit_id: number;
  unit_code: string;
  unit_name: string;
  organisation_id: number;
  unit_group: string;
  criteria_set_id: number;
  sheet_id: number | null;
  sheet_state: string | null;
  excluded_reason: string | null;
}

const SELECT_UNIT = `
  SELECT cu.unit_id, u.code AS unit_code, u.name AS unit_name, u.organisation_id, cu.unit_group, cu.criteria_set_id,
         s.id AS sheet_id, s.state AS sheet_state, cu.excluded_reason
    FROM campaign_units cu
    JOIN units u ON u.id = cu.unit_id
    LEFT JOIN score_sheets s ON s.campaign_id = cu.campaign_id AND s.unit_id = cu.unit_id`;

function toUnit(r: RawUnit): ConsolidationUnitRow {
  return {
    unitId: r.unit_id,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    organisationId: r.organisation_id,
    group: r.unit_group,
    criteriaSetId: r.criteria_set_id,
    sheetId: r.sheet_id,
    sheetState: r.sheet_state,
    excludedReason: r.excluded_reason,
  };
}

/** Inside the caller's transaction: set (a reason) or clear (null) the unit's exclusion from the campaign. */
export async function setUnitExclusion(
  em: EntityManager,
  campaignId: number,
  unitId: number,
  reason: string | null,
  userId: number,
): Promise<void> {
  await write(
    em,
    `UPDATE campaign_units
        SET excluded_reason = ?, excluded_at = IF(? IS NULL, NULL, UTC_TIMESTAMP(6)), excluded_by = IF(? IS NULL, NULL, ?)
      WHERE campaign_id = ? AND unit_id = ?`,
    [reason, reason, reason, userId, campaignId, unitId],
  );
}

export async function campaignUnits(em: EntityManager, campaignId: number): Promise<ConsolidationUnitRow[]> {
  return (await rows<RawUnit>(em, `${SELECT_UNIT} WHERE cu.campaign_id = ?`, [campaignId])).map(toUnit);
}

/** How many units take part in the campaign of this authority (0 for another authority's or a missing one). */
export async function campaignUnitCount(em: EntityManager, campaignId: number, authorityId: number): Promise<number> {
  const [r] = await rows<{ n: number | string }>(
    em,
    `SELECT COUNT(*) AS n FROM campaign_units cu JOIN campaigns c ON c.id = cu.campaign_id
      WHERE cu.campaign_id = ? AND c.authority_id = ?`,
    [campaignId, authorityId],
  );
  return Number(r?.n ?? 0);
}

/** The unit if it takes part in the campaign, else undefined. */
export async function campaignUnit(
  em: EntityManager,
  campaignId: number,
  unitId: number,
): Promise<ConsolidationUnitRow | undefined> {
  const [raw] = await rows<RawUnit>(em, `${SELECT_UNIT} WHERE cu.campaign_id = ? AND cu.unit_id = ?`, [
    campaignId,
    unitId,
  ]);
  return raw && toUnit(raw);
}

/** A score row as an array, in the SELECT's column order (no object with seven named keys for each of 332,100 rows). */
type RawScore = [
  sheetId: number,
  criterionCode: string,
  self: number | null,
  round1: number | null,
  round2: number | null,
  council: number | null,
  explained: number | string,
];

/**
 * The campaign's stage scores one sheet at a time: `onSheet` gets a sheet's leaves as soon as its last row has
 * arrived, so the caller scores it while the server is still sending the next ones, and the campaign's 332,100
 * rows are never held at once. Rows come in (campaign, unit) index order — no sort — which keeps a sheet's rows
 * together (one sheet per campaign unit).
 */
export async function streamCampaignScores(
  em: EntityManager,
  campaignId: number,
  onSheet: (sheetId: number, scores: Map<string, ConsolidatedScores>) => void,
): Promise<void> {
  let sheetId: number | null = null;
  let current = new Map<string, ConsolidatedScores>();
  await eachRow<RawScore>(
    em,
    `SELECT e.sheet_id, e.criterion_code, e.self_milli, e.appraised_r1_milli, e.appraised_r2_milli, e.council_milli,
            e.has_explanation
       FROM score_sheets s JOIN score_entries e ON e.sheet_id = s.id
      WHERE s.campaign_id = ?
      ORDER BY s.unit_id`,
    [campaignId],
    ([sheet, code, self, round1, round2, council, explained]) => {
      if (sheet !== sheetId) {
        if (sheetId !== null) {
          onSheet(sheetId, current);
        }
        sheetId = sheet;
        current = new Map();
      }
      current.set(code, { self, round1, round2, council, explained: Number(explained) === 1 });
    },
    { rowsAsArray: true, prepared: true },
  );
  if (sheetId !== null) {
    onSheet(sheetId, current);
  }
}

/** Bonus and penalty entered per unit (uncapped sums). */
export async function adjustmentTotals(
  em: EntityManager,
  campaignId: number,
): Promise<Map<number, { bonus: number; penalty: number }>> {
  const found = await rows<{ unit_id: number; kind: string; total: string | number }>(
    em,
    'SELECT unit_id, kind, SUM(points_milli) AS total FROM adjustment_entries WHERE campaign_id = ? GROUP BY unit_id, kind',
    [campaignId],
  );
  const out = new Map<number, { bonus: number; penalty: number }>();
  for (const r of found) {
    const cur = out.get(r.unit_id) ?? { bonus: 0, penalty: 0 };
    cur[r.kind === 'bonus' ? 'bonus' : 'penalty'] = Number(r.total);
    out.set(r.unit_id, cur);
  }
  return out;
}

/** A bonus or penalty item entered for one unit. */
export interface AdjustmentEntry {
  kind: string;
  itemCode: string;
  occurrences: number;
  pointsMilli: number;
  note: string | null;
}

export async function adjustmentEntries(
  em: EntityManager,
  campaignId: number,
  unitId: number,
): Promise<AdjustmentEntry[]> {
  const found = await rows<{
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
  return found.map((i) => ({
    kind: i.kind,
    itemCode: i.item_code,
    occurrences: i.occurrences,
    pointsMilli: i.points_milli,
    note: i.note,
  }));
}

/** Sets (or with 0 occurrences removes) a bonus or penalty item of a unit. */
export async function setAdjustmentEntry(
  em: EntityManager,
  entry: {
    campaignId: number;
    unitId: number;
    kind: 'bonus' | 'penalty';
    itemCode: string;
    occurrences: number;
    pointsMilli: number;
    note: string | null;
    userId: number;
  },
): Promise<void> {
  if (entry.occurrences === 0) {
    await write(
      em,
      'DELETE FROM adjustment_entries WHERE campaign_id = ? AND unit_id = ? AND kind = ? AND item_code = ?',
      [entry.campaignId, entry.unitId, entry.kind, entry.itemCode],
    );
    return;
  }
  await write(
    em,
    `INSERT INTO adjustment_entries (campaign_id, unit_id, kind, item_code, occurrences, points_milli, note, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE occurrences = VALUES(occurrences), points_milli = VALUES(points_milli), note = VALUES(note), updated_by = VALUES(updated_by)`,
    [
      entry.campaignId,
      entry.unitId,
      entry.kind,
      entry.itemCode,
      entry.occurrences,
      entry.pointsMilli,
      entry.note,
      entry.userId,
    ],
  );
}

export async function upsertSurveyResult(
  em: EntityManager,
  result: {
    campaignId: number;
    unitId: number;
    code: string;
    value: string;
    pointsMilli: number;
    source: string | null;
    userId: number;
  },
): Promise<void> {
  await write(
    em,
    `INSERT INTO survey_results (campaign_id, unit_id, criterion_code, value, points_milli, source, imported_by)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE value = VALUES(value), points_milli = VALUES(points_milli), source = VALUES(source), imported_by = VALUES(imported_by)`,
    [result.campaignId, result.unitId, result.code, result.value, result.pointsMilli, result.source, result.userId],
  );
}

/** What the flags are computed from, for the whole campaign. */
export interface FlagSources {
  /** Unit id → content areas it appraised itself. */
  conflicts: Map<number, string[]>;
  /** Sheet id → open clarification requests. */
  clarifications: Map<number, number>;
  /** Sheet id → leaf codes with a linked document; null when the evidence tables do not exist. */
  evidence: Map<number, Set<string>> | null;
}

export async function flagSources(em: EntityManager, campaignId: number): Promise<FlagSources> {
  const conflicts = new Map<number, string[]>();
  for (const r of await rows<{ unit_id: number; content_area: string }>(
    em,
    'SELECT unit_id, content_area FROM appraisal_tasks WHERE campaign_id = ? AND conflict_of_interest = 1 ORDER BY content_area',
    [campaignId],
  )) {
    conflicts.set(r.unit_id, [...(conflicts.get(r.unit_id) ?? []), r.content_area]);
  }
  const tables = new Set(
    (
      await rows<{ name: string }>(
        em,
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN ('appraisal_clarifications', 'evidence_links')",
      )
    ).map((r) => r.name),
  );
  const clarifications = new Map<number, number>();
  if (tables.has('appraisal_clarifications')) {
    for (const r of await rows<{ sheet_id: number; n: number }>(
      em,
      `SELECT c.sheet_id, COUNT(*) AS n FROM appraisal_clarifications c JOIN score_sheets s ON s.id = c.sheet_id
        WHERE s.campaign_id = ? AND c.status = 'open' GROUP BY c.sheet_id`,
      [campaignId],
    )) {
      clarifications.set(r.sheet_id, Number(r.n));
    }
  }
  let evidence: Map<number, Set<string>> | null = null;
  if (tables.has('evidence_links')) {
    evidence = new Map();
    for (const r of await rows<{ sheet_id: number; criterion_code: string }>(
      em,
      `SELECT DISTINCT l.sheet_id, l.criterion_code FROM evidence_links l JOIN score_sheets s ON s.id = l.sheet_id
        WHERE s.campaign_id = ?`,
      [campaignId],
    )) {
      const codes = evidence.get(r.sheet_id) ?? new Set<string>();
      evidence.set(r.sheet_id, codes);
      codes.add(r.criterion_code);
    }
  }
  return { conflicts, clarifications, evidence };
}

/**
 * A fingerprint of everything the consolidation reads for a campaign, in one round trip of index reads: a stored
 * consolidation is served again only while its fingerprint is the campaign's current one. Rows that are only
 * inserted or updated are covered by their count and newest `updated_at` (or id); rows that can be deleted or
 * toggled back (exclusions, not-applicable marks, clarifications, evidence links, unit names) by an XOR of their
 * checksums, so undoing one change among several still moves the fingerprint. The score entries — the campaign's
 * 332,100 rows on the national fixture — are read per sheet through `ix_score_entries_sheet_updated` (one index
 * dive per sheet), never row by row.
 */
export async function consolidationVersion(em: EntityManager, campaignId: number): Promise<string> {
  const [r] = await rows<{ v: string | null }>(
    em,
    `SELECT CONCAT_WS('|',
       (SELECT CONCAT(c.version, '@', c.updated_at, '@', c.state, '@', CRC32(c.plan)) FROM campaigns c WHERE c.id = ?),
       (SELECT CONCAT(COUNT(*), '@', BIT_XOR(CRC32(CONCAT_WS(':', cu.unit_id, cu.criteria_set_id, cu.unit_group,
               u.code, u.name, cu.excluded_reason))))
          FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = ?),
       (SELECT CONCAT(COUNT(*), '@', COALESCE(MAX(s.updated_at), ''), '@',
               COALESCE(MAX((SELECT MAX(e.updated_at) FROM score_entries e WHERE e.sheet_id = s.id)), ''))
          FROM score_sheets s WHERE s.campaign_id = ?),
       (SELECT CONCAT(COUNT(*), '@', BIT_XOR(CRC32(CONCAT_WS(':', a.id, a.points_milli))))
          FROM adjustment_entries a WHERE a.campaign_id = ?),
       (SELECT CONCAT(COUNT(*), '@', COALESCE(MAX(t.updated_at), '')) FROM appraisal_tasks t WHERE t.campaign_id = ?),
       (SELECT CONCAT(COUNT(*), '@', BIT_XOR(CRC32(CONCAT_WS(':', n.unit_id, n.criterion_code))))
          FROM not_applicable_criteria n WHERE n.campaign_id = ?),
       (SELECT CONCAT(COUNT(*), '@', BIT_XOR(CRC32(CONCAT_WS(':', k.id, k.status))))
          FROM appraisal_clarifications k JOIN score_sheets s ON s.id = k.sheet_id WHERE s.campaign_id = ?),
       (SELECT CONCAT(COUNT(*), '@', BIT_XOR(l.id))
          FROM evidence_links l JOIN score_sheets s ON s.id = l.sheet_id WHERE s.campaign_id = ?)
     ) AS v`,
    Array.from({ length: 8 }, () => campaignId),
  );
  return r?.v ?? '';
}
