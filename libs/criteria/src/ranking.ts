/**
 * Ranking and classes within one unit group. Units are ranked by their index rounded to 2 decimals (the
 * published figure), so two units that read the same in the decision share a rank ("đồng hạng") and the
 * next rank is skipped (1, 2, 2, 4). The display order among equals is deterministic — Vietnamese
 * collation of the unit name, then the code — so two runs print the same table.
 */
import { parseDecimal } from './points';
import { problem } from './problems';
import type { Problem } from './types';

/** A class (xếp loại) with its lower bound, inclusive. */
export interface ClassThreshold {
  /** Stable key, ASCII (`xuat-sac`). */
  key: string;
  /** Vietnamese name (`Xuất sắc`). */
  name: string;
  /** Lower bound as a decimal percentage ("90"); the lowest class has "0". */
  min: string;
}

/** Default classes: Xuất sắc ≥ 90, Tốt ≥ 80, Khá ≥ 70, Trung bình ≥ 50, Yếu below. */
export const DEFAULT_CLASSES: readonly ClassThreshold[] = [
  { key: 'xuat-sac', name: 'Xuất sắc', min: '90' },
  { key: 'tot', name: 'Tốt', min: '80' },
  { key: 'kha', name: 'Khá', min: '70' },
  { key: 'trung-binh', name: 'Trung bình', min: '50' },
  { key: 'yeu', name: 'Yếu', min: '0' },
];

/** A threshold's bound in hundredths of a percent, or undefined when it has more than 2 decimals / is not a number. */
export function thresholdHundredths(min: string): number | undefined {
  const r = parseDecimal(min);
  if (!r || (r.num * 100n) % r.den !== 0n) {
    return undefined;
  }
  return Number((r.num * 100n) / r.den);
}

/** Check class thresholds: valid numbers (≤ 2 decimals), strictly descending, unique keys, the last at 0 so every index gets a class. */
export function validateClassThresholds(classes: readonly ClassThreshold[]): Problem[] {
  const out: Problem[] = [];
  if (classes.length === 0) {
    return [
      problem('no-classes', { field: 'classes' }, 'Cần ít nhất một mức xếp loại.', 'At least one class is required.'),
    ];
  }
  const keys = new Set<string>();
  let prev: number | undefined;
  classes.forEach((c, i) => {
    const field = `classes[${i}].min`;
    const h = thresholdHundredths(c.min);
    if (keys.has(c.key)) {
      out.push(
        problem(
          'duplicate-class',
          { field: `classes[${i}].key` },
          `Mức xếp loại "${c.key}" bị trùng.`,
          `Class "${c.key}" is duplicated.`,
        ),
      );
    }
    keys.add(c.key);
    if (h === undefined || h < 0 || h > 10000) {
      out.push(
        problem(
          'invalid-threshold',
          { field },
          `Ngưỡng "${c.min}" phải là số 0–100, tối đa 2 chữ số thập phân.`,
          `Threshold "${c.min}" must be 0–100 with at most 2 decimals.`,
        ),
      );
      return;
    }
    if (prev !== undefined && h >= prev) {
      out.push(
        problem(
          'thresholds-not-descending',
          { field },
          `Ngưỡng "${c.name}" (${c.min}) phải thấp hơn mức trước.`,
          `Threshold "${c.name}" (${c.min}) must be below the previous one.`,
        ),
      );
    }
    prev = h;
  });
  if (prev !== 0 && out.length === 0) {
    out.push(
      problem(
        'lowest-threshold-not-zero',
        { field: `classes[${classes.length - 1}].min` },
        'Mức thấp nhất phải có ngưỡng 0 để mọi đơn vị đều được xếp loại.',
        'The lowest class must start at 0 so every unit gets a class.',
      ),
    );
  }
  return out;
}

/** Each class's bound in hundredths, parsed once per class (a campaign's 3,321 units are classified against a few). */
const boundCache = new WeakMap<ClassThreshold, { min: string; h: number | undefined }>();
function boundOf(c: ClassThreshold): number | undefined {
  let found = boundCache.get(c);
  if (found?.min !== c.min) {
    found = { min: c.min, h: thresholdHundredths(c.min) };
    boundCache.set(c, found);
  }
  return found.h;
}

/** The class of an index (hundredths of a percent): the first class whose bound is ≤ the index. */
export function classify(
  indexHundredths: number,
  classes: readonly ClassThreshold[] = DEFAULT_CLASSES,
): ClassThreshold | undefined {
  for (const c of classes) {
    const h = boundOf(c);
    if (h !== undefined && indexHundredths >= h) {
      return c;
    }
  }
  return undefined;
}

/** One unit to rank. */
export interface RankingEntry {
  unitCode: string;
  unitName: string;
  /** The unit's index, already rounded: hundredths of a percent (9218 = 92,18 %). */
  indexHundredths: number;
}

/** A ranked unit. */
export interface RankedUnit extends RankingEntry {
  /** Competition rank: 1 + the number of units with a strictly higher index. */
  rank: number;
  /** 1-based display position (unique). */
  position: number;
  /** True when another unit has the same rank ("đồng hạng"). */
  tied: boolean;
  classKey?: string;
  className?: string;
}

/** Options of {@link rankUnits}. */
export interface RankOptions {
  classes?: readonly ClassThreshold[];
  /** Locale for the tie display order (default `vi`). */
  locale?: string;
}

/**
 * Rank the units of one group: index descending; equal index → same rank, the next rank skipped; ties
 * shown by unit name (Vietnamese collation), then code. The result is independent of the input order.
 *
 * @throws RangeError when a unit code appears twice or an index is not an integer.
 */
export function rankUnits(entries: readonly RankingEntry[], options: RankOptions = {}): RankedUnit[] {
  const collator = new Intl.Collator(options.locale ?? 'vi', { sensitivity: 'variant' });
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.unitCode)) {
      throw new RangeError(`rankUnits: unit "${e.unitCode}" appears twice`);
    }
    if (!Number.isInteger(e.indexHundredths)) {
      throw new RangeError(`rankUnits: index of "${e.unitCode}" must be an integer number of hundredths`);
    }
    seen.add(e.unitCode);
  }
  const sorted = [...entries].sort(
    (a, b) =>
      b.indexHundredths - a.indexHundredths ||
      collator.compare(a.unitName, b.unitName) ||
      (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0),
  );
  const classes = options.classes ?? DEFAULT_CLASSES;
  const out: RankedUnit[] = [];
  sorted.forEach((e, i) => {
    const rank = i > 0 && sorted[i - 1].indexHundredths === e.indexHundredths ? out[i - 1].rank : i + 1;
    const cls = classify(e.indexHundredths, classes);
    out.push({ ...e, rank, position: i + 1, tied: false, ...(cls ? { classKey: cls.key, className: cls.name } : {}) });
  });
  for (let i = 0; i < out.length; i++) {
    const same = (j: number) => j >= 0 && j < out.length && out[j].rank === out[i].rank;
    out[i].tied = same(i - 1) || same(i + 1);
  }
  return out;
}
