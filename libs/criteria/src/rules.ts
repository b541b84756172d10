/**
 * Rule evaluation: from structured facts about a unit ("197 of 200 dossiers on time", "plan signed on
 * 2024-01-15") a leaf's rule suggests points and explains them in Vietnamese ("≥ 98% → 2 điểm").
 * The suggestion helps the unit self-score and the appraiser check; the entered score stays a person's
 * decision. Pure and exact: rates are compared as rationals, points are milli-points.
 */
import { DateTime } from 'luxon';
import {
  compareRational,
  divRoundHalfUp,
  formatRational,
  formatScaled,
  parseDecimal,
  parsePoints,
  type Milli,
  type Rational,
} from './points';
import type { Band, DeadlineSpec, ScoringRule } from './types';

/** The campaign time zone used when none is given: Vietnam, UTC+7, no DST. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Facts about a unit for one leaf. Which fields matter depends on the rule kind. */
export interface RuleInput {
  /** `levels`: the chosen option key. */
  level?: string;
  /** `checklist`: keys of the conditions met (order and duplicates do not matter). */
  met?: readonly string[];
  /** `bands`, `proportional`, `survey`: the measured value, a percentage or score as a decimal ("98.5", 98.5, "98,5"). */
  value?: number | string;
  /** Alternative to `value` for rates: numerator / denominator × 100. */
  numerator?: number;
  denominator?: number;
  /** `deadline`: when the evidence was digitally signed — an ISO instant (with offset) or a Date; a string without offset is read in the campaign time zone. */
  signedAt?: string | Date;
  /** `deadline`: true when there is no document at all. */
  missing?: boolean;
  /** `perOccurrence`, `noOccurrenceFullMarks`: how many times the counted thing happened. */
  occurrences?: number;
  /** `manual`: the appraiser's points (decimal). */
  points?: number | string;
}

/** Context of an evaluation: the leaf's max, the campaign time zone and the assessed year. */
export interface RuleContext {
  maxPoints: Milli;
  /** IANA zone for deadlines (default Asia/Ho_Chi_Minh). */
  timeZone?: string;
  /** The year being assessed (2023 for the 2023 index); needed by relative deadlines. */
  assessmentYear?: number;
}

/** What a rule suggests. */
export interface RuleEvaluation {
  /** Suggested points (0..max), or `null` when the input is insufficient or the leaf is not self-scored. */
  points: Milli | null;
  /** Why, in Vietnamese ("98,5% ≥ 98% → 2 điểm"). */
  explanation: string;
  /** False for `survey` leaves: units do not score them. */
  selfScorable: boolean;
}

/** Points for explanations: shortest exact decimal with a comma ("0,5", "1,333"). */
export function fmtPts(milli: Milli): string {
  const s = formatScaled(BigInt(milli), 3, 3, ',');
  return s.replace(/,?0+$/, '') || '0';
}

function clamp(v: Milli, max: Milli): Milli {
  return Math.min(Math.max(v, 0), max);
}

function none(explanation: string, selfScorable = true): RuleEvaluation {
  return { points: null, explanation, selfScorable };
}

function ok(points: Milli, explanation: string, max: Milli, selfScorable = true): RuleEvaluation {
  return { points: clamp(points, max), explanation, selfScorable };
}

/** The measured value of an input as an exact rational, or an explanation of what is missing. */
export function inputValue(input: RuleInput): Rational | string {
  if (input.numerator !== undefined || input.denominator !== undefined) {
    const n = input.numerator;
    const d = input.denominator;
    if (n === undefined || d === undefined || !Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 0) {
      return 'Tử số và mẫu số phải là số nguyên không âm.';
    }
    if (d === 0) {
      return 'Mẫu số bằng 0: không có đối tượng để tính tỷ lệ.';
    }
    return { num: BigInt(n) * 100n, den: BigInt(d) };
  }
  if (input.value === undefined) {
    return 'Chưa nhập giá trị (tỷ lệ hoặc điểm).';
  }
  const r = parseDecimal(input.value);
  return r ?? `Giá trị "${String(input.value)}" không phải số.`;
}

/** The points of the first band the value reaches (bands are listed from the highest threshold down). */
function bandOf(bands: readonly Band[], otherwise: Milli, value: Rational): { points: Milli; min?: Rational } {
  for (const b of bands) {
    const min = parseDecimal(b.min);
    if (min && compareRational(value, min) >= 0) {
      return { points: b.points, min };
    }
  }
  return { points: otherwise };
}

function bandPoints(
  bands: readonly Band[],
  otherwise: Milli,
  value: Rational,
  unit: string,
): { points: Milli; text: string } {
  const thresholds = bands.map((b) => parseDecimal(b.min)).filter((t): t is Rational => t !== undefined);
  const { points, min } = bandOf(bands, otherwise, value);
  const v = showValue(value, thresholds);
  if (min) {
    return { points, text: `${v}${unit} ≥ ${showThreshold(min)}${unit} → ${fmtPts(points)} điểm` };
  }
  const lowest = thresholds.length ? thresholds[thresholds.length - 1] : undefined;
  const cmp = lowest ? ` < ${showThreshold(lowest)}${unit}` : '';
  return { points, text: `${v}${unit}${cmp} → ${fmtPts(points)} điểm` };
}

/** A threshold of a rule (a decimal as written: "97,995") exactly, never rounded. */
function showThreshold(t: Rational): string {
  return formatRational(t, decimalsOf(t) ?? 30);
}

/** How many decimals write `r` exactly, if at most `limit`. */
function decimalsOf(r: Rational, limit = 30): number | undefined {
  for (let decimals = 0; decimals <= limit; decimals++) {
    if ((r.num * 10n ** BigInt(decimals)) % r.den === 0n) {
      return decimals;
    }
  }
  return undefined;
}

/** Most decimals a measured value is shown with exactly; beyond that it is rounded (see {@link showValue}). */
const EXACT_DECIMALS = 6;

/**
 * A measured value (a rate, a survey score) for an explanation, never on the other side of a threshold than the
 * value itself: an explanation must not read "95% ≥ 95%" for 94.999 %, nor "80% < 80%" for 79.9999 %. A value
 * with at most {@link EXACT_DECIMALS} decimals (what a person typed, 197/200) is shown exactly; any other (2/3)
 * with 2 decimals — or as many more as it takes for every threshold to compare the same way for the shown number
 * as for the value (so a shown rate lies in the band the rate scored), and for `consistent` (the arithmetic the
 * explanation shows, redone with the shown number) to hold.
 */
export function showValue(
  value: Rational,
  thresholds: readonly Rational[],
  consistent: (shown: Rational) => boolean = () => true,
): string {
  const exact = decimalsOf(value, EXACT_DECIMALS);
  if (exact !== undefined) {
    return formatRational(value, exact);
  }
  for (let decimals = 2; decimals <= 30; decimals++) {
    const scale = 10n ** BigInt(decimals);
    const shown = { num: divRoundHalfUp(value.num * scale, value.den), den: scale };
    const faithful = thresholds.every(
      (t) => Math.sign(compareRational(shown, t)) === Math.sign(compareRational(value, t)),
    );
    if (faithful && consistent(shown)) {
      return formatRational(shown, decimals);
    }
  }
  return formatRational(value, 30);
}

/**
 * The instant a deadline spec denotes in `timeZone` for `assessmentYear`, or an explanation of why it
 * cannot be resolved.
 */
export function resolveDeadline(
  due: DeadlineSpec,
  timeZone = DEFAULT_TIME_ZONE,
  assessmentYear?: number,
): DateTime | string {
  if (typeof due === 'string') {
    const dt = DateTime.fromISO(due, { zone: timeZone, setZone: true });
    return dt.isValid ? dt : `Hạn "${due}" không phải ngày giờ ISO hợp lệ.`;
  }
  if (assessmentYear === undefined) {
    return 'Chưa biết năm đánh giá để tính hạn.';
  }
  const dt = DateTime.fromObject(
    { year: assessmentYear + (due.yearOffset ?? 0), month: due.month, day: due.day },
    { zone: timeZone },
  );
  return dt.isValid ? dt : `Ngày ${due.day}/${due.month} không hợp lệ.`;
}

function parseSigned(signedAt: string | Date, timeZone: string): DateTime | undefined {
  const dt =
    typeof signedAt === 'string'
      ? DateTime.fromISO(signedAt, { zone: timeZone, setZone: false })
      : DateTime.fromJSDate(signedAt, { zone: timeZone });
  return dt.isValid ? dt.setZone(timeZone) : undefined;
}

const TIME_FORMATS = ['dd/MM/yyyy HH:mm', 'dd/MM/yyyy HH:mm:ss', 'dd/MM/yyyy HH:mm:ss.SSS'];

/**
 * The signing time and the deadline as shown in an explanation: to the minute, or to the second or millisecond
 * when the minutes alone would show a signature that was on time at the very minute of the deadline.
 */
function showTimes(signed: DateTime, due: DateTime): [string, string] {
  const onTime = signed.toMillis() < due.toMillis();
  for (const format of TIME_FORMATS) {
    const [s, d] = [signed.toFormat(format), due.toFormat(format)];
    const shownOnTime =
      DateTime.fromFormat(s, format, { zone: signed.zone }).toMillis() <
      DateTime.fromFormat(d, format, { zone: due.zone }).toMillis();
    if (shownOnTime === onTime) {
      return [s, d];
    }
  }
  return [signed.toISO() ?? '', due.toISO() ?? ''];
}

/**
 * `proportional` points before clamping: `rate` mode rate × max (full at the target), `ofTarget` rate / target × max
 * (full at the target), rounded half-up to the milli-point.
 */
function proportionalPoints(mode: 'rate' | 'ofTarget', value: Rational, target: Rational, max: Milli): Milli {
  if (compareRational(value, target) >= 0) {
    return max;
  }
  return mode === 'ofTarget'
    ? Number(divRoundHalfUp(value.num * target.den * BigInt(max), value.den * target.num))
    : Number(divRoundHalfUp(value.num * BigInt(max), value.den * 100n));
}

/**
 * Suggest points for one leaf from structured facts.
 *
 * Boundaries are exact: a value equal to a band threshold earns that band; a signature at exactly the
 * deadline instant is late (on time means strictly before, "trước ngày …"). Inputs that cannot decide
 * the score give `points: null` with the reason.
 */
export function evaluateRule(rule: ScoringRule, input: RuleInput, ctx: RuleContext): RuleEvaluation {
  const max = ctx.maxPoints;
  const tz = ctx.timeZone ?? DEFAULT_TIME_ZONE;
  switch (rule.kind) {
    case 'levels': {
      if (input.level === undefined) {
        return none('Chưa chọn mức đánh giá.');
      }
      const opt = rule.levels.find((l) => l.key === input.level);
      return opt
        ? ok(opt.points, `"${opt.label}" → ${fmtPts(opt.points)} điểm`, max)
        : none(`Mức "${input.level}" không có trong tiêu chí.`);
    }
    case 'checklist': {
      if (input.met === undefined) {
        return none('Chưa đánh dấu nội dung nào.');
      }
      const met = new Set(input.met);
      const unknown = [...met].filter((k) => !rule.items.some((i) => i.key === k));
      if (unknown.length) {
        return none(`Nội dung không có trong tiêu chí: ${unknown.sort().join(', ')}.`);
      }
      // Sum in the rule's order so the explanation does not depend on the order of the input.
      const hit = rule.items.filter((i) => met.has(i.key));
      const sum = hit.reduce((a, i) => a + i.points, 0);
      const list = hit.length ? ` (${hit.map((i) => i.label).join('; ')})` : '';
      return ok(sum, `Đạt ${hit.length}/${rule.items.length} nội dung${list} → ${fmtPts(sum)} điểm`, max);
    }
    case 'bands': {
      const v = inputValue(input);
      if (typeof v === 'string') {
        return none(v);
      }
      const unit = rule.unit === undefined || rule.unit === '%' ? '%' : ` ${rule.unit}`;
      const { points, text } = bandPoints(rule.bands, rule.otherwise, v, unit);
      return ok(points, rule.metric ? `${rule.metric}: ${text}` : text, max);
    }
    case 'proportional': {
      const v = inputValue(input);
      if (typeof v === 'string') {
        return none(v);
      }
      const target = parseDecimal(rule.target) ?? { num: 100n, den: 1n };
      const label = rule.metric ? `${rule.metric}: ` : '';
      const pointsOf = (value: Rational) => clamp(proportionalPoints(rule.mode, value, target, max), max);
      const pts = pointsOf(v);
      // "v% × max = pts" redone by hand with the shown v lands on pts, up to the rounding of the last milli-point.
      const shown = showValue(v, [target], (s) => Math.abs(pointsOf(s) - pts) <= 1);
      const t = showThreshold(target);
      if (rule.mode === 'ofTarget') {
        // min(rate / target, 1) × max
        return ok(pts, `${label}${shown}% / chỉ tiêu ${t}% × ${fmtPts(max)} điểm = ${fmtPts(pts)} điểm`, max);
      }
      if (compareRational(v, target) >= 0) {
        return ok(pts, `${label}${shown}% ≥ ${t}% → ${fmtPts(pts)} điểm`, max);
      }
      return ok(pts, `${label}Tỷ lệ ${shown}% × ${fmtPts(max)} điểm = ${fmtPts(pts)} điểm`, max);
    }
    case 'deadline': {
      if (input.missing) {
        return ok(rule.missingPoints, `Không có văn bản → ${fmtPts(rule.missingPoints)} điểm`, max);
      }
      if (input.signedAt === undefined) {
        return none('Chưa có ngày ký số của văn bản.');
      }
      const due = resolveDeadline(rule.due, tz, ctx.assessmentYear);
      if (typeof due === 'string') {
        return none(due);
      }
      const signed = parseSigned(input.signedAt, tz);
      if (!signed) {
        return none(`Ngày ký "${String(input.signedAt)}" không hợp lệ.`);
      }
      const dueLocal = due.setZone(tz);
      const [s, d] = showTimes(signed, dueLocal);
      if (signed.toMillis() < dueLocal.toMillis()) {
        return ok(max, `Ký số lúc ${s}, trước hạn ${d} → ${fmtPts(max)} điểm`, max);
      }
      return ok(rule.latePoints, `Ký số lúc ${s}, không trước hạn ${d} → ${fmtPts(rule.latePoints)} điểm`, max);
    }
    case 'perOccurrence': {
      const n = input.occurrences;
      if (n === undefined || !Number.isInteger(n) || n < 0) {
        return none('Chưa nhập số lần (số nguyên không âm).');
      }
      const raw = max - n * rule.deduction;
      const pts = Math.max(raw, rule.floor);
      const what = rule.occurrence ? ` ${rule.occurrence}` : ' lần';
      const floorNote = raw < rule.floor ? ` (không thấp hơn ${fmtPts(rule.floor)})` : '';
      return ok(pts, `${n}${what} × −${fmtPts(rule.deduction)} điểm → ${fmtPts(pts)} điểm${floorNote}`, max);
    }
    case 'noOccurrenceFullMarks': {
      const n = input.occurrences;
      if (n === 0) {
        const what = rule.occurrence ? ` ${rule.occurrence}` : '';
        return ok(max, `Không phát sinh${what} → ${fmtPts(max)} điểm (tối đa)`, max);
      }
      if (n !== undefined && (!Number.isInteger(n) || n < 0)) {
        return none('Số lần phát sinh phải là số nguyên không âm.');
      }
      if (!rule.otherwise) {
        return n === undefined
          ? none('Chưa nhập số lần phát sinh.')
          : none('Có phát sinh: thẩm định viên chấm theo thực tế.');
      }
      // Occurrences only unlock full marks; otherwise the inner rule decides from the same facts (e.g. a rate).
      return evaluateRule(rule.otherwise, input, ctx);
    }
    case 'survey': {
      const v = inputValue(input);
      if (typeof v === 'string') {
        return none(`Không tự chấm: điểm lấy từ kết quả khảo sát${rule.source ? ` (${rule.source})` : ''}.`, false);
      }
      if (rule.bands) {
        const { points, text } = bandPoints(rule.bands, rule.otherwise, v, '%');
        return ok(points, `Khảo sát: ${text}`, max, false);
      }
      const hundred = { num: 100n, den: 1n };
      const pointsOf = (value: Rational) => clamp(proportionalPoints('rate', value, hundred, max), max);
      const pts = pointsOf(v);
      const shown = showValue(v, [hundred], (s) => Math.abs(pointsOf(s) - pts) <= 1);
      return ok(pts, `Khảo sát: ${shown}% × ${fmtPts(max)} điểm = ${fmtPts(pts)} điểm`, max, false);
    }
    case 'manual': {
      if (input.points === undefined) {
        return none(`Thẩm định viên chấm trong khoảng 0–${fmtPts(max)} điểm.`);
      }
      const p = parsePoints(input.points);
      if (p === undefined || p < 0 || p > max) {
        return none(`Điểm "${String(input.points)}" phải trong khoảng 0–${fmtPts(max)} (tối đa 3 chữ số thập phân).`);
      }
      return ok(p, `Chấm theo thực tế: ${fmtPts(p)}/${fmtPts(max)} điểm`, max);
    }
  }
}
