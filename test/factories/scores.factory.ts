import { leaves, milliToNumber, type CriteriaSet } from '@lib/criteria';
import { rows, write } from '@lib/database';
import type { DataSource } from 'typeorm';

/** One leaf's values to store (milli-points; null = not entered). */
export interface LeafScores {
  self?: number | null;
  round1?: number | null;
  round2?: number | null;
  council?: number | null;
}

/**
 * Fill `score_entries` of one sheet directly with SQL (one multi-row INSERT, upserting), for suites that
 * must not depend on the score-sheet and appraisal APIs. `valueOf` gets each leaf of the sheet's set.
 */
export async function fillScores(
  ds: DataSource,
  sheetId: number,
  valueOf: (leaf: { code: string; maxPoints: number; survey: boolean }, i: number) => LeafScores,
): Promise<void> {
  const [s] = await rows<{ definition: string }>(
    ds.manager,
    'SELECT d.definition FROM score_sheets s JOIN criteria_sets d ON d.id = s.criteria_set_id WHERE s.id = ?',
    [sheetId],
  );
  const set = JSON.parse(s.definition) as CriteriaSet;
  const values: unknown[] = [];
  const marks: string[] = [];
  leaves(set).forEach((leaf, i) => {
    const v = valueOf({ code: leaf.code, maxPoints: leaf.maxPoints, survey: leaf.rule?.kind === 'survey' }, i);
    marks.push('(?, ?, ?, ?, ?, ?)');
    values.push(sheetId, leaf.code, v.self ?? null, v.round1 ?? null, v.round2 ?? null, v.council ?? null);
  });
  await write(
    ds.manager,
    `INSERT INTO score_entries (sheet_id, criterion_code, self_milli, appraised_r1_milli, appraised_r2_milli, council_milli)
     VALUES ${marks.join(', ')}
     ON DUPLICATE KEY UPDATE self_milli = VALUES(self_milli), appraised_r1_milli = VALUES(appraised_r1_milli),
       appraised_r2_milli = VALUES(appraised_r2_milli), council_milli = VALUES(council_milli)`,
    values,
  );
}

/** A complete, valid self-assessment: every self-scored leaf at its maximum with an explanation (what submit needs). */
export const completeEntries = (set: CriteriaSet) =>
  leaves(set)
    .filter((l) => l.rule?.kind !== 'survey')
    .map((l) => ({ code: l.code, selfPoints: milliToNumber(l.maxPoints), explanation: 'Hoàn thành theo kế hoạch.' }));

/** `completeEntries` for the criteria set of one stored sheet. */
export async function completeEntriesOf(ds: DataSource, sheetId: number) {
  const [s] = await rows<{ definition: string }>(
    ds.manager,
    'SELECT d.definition FROM score_sheets s JOIN criteria_sets d ON d.id = s.criteria_set_id WHERE s.id = ?',
    [sheetId],
  );
  return completeEntries(JSON.parse(s.definition) as CriteriaSet);
}
