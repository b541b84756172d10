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

function bandPoints(
  bands: readonly Band[],
  otherwise: Milli,
  value: Rational,
  unit: string,
): { points: Milli; text: string } {
  const v = formatRational(value);
  for (const b of bands) {
    const min = parseDecimal(b.min);
    if (min && compareRational(value, min) >= 0) {
      return { points: b.points, text: `${v}${unit} ≥ ${formatRational(min)}${unit} → ${fmtPts(b.points)} điểm` };
    }
  }
  const lowest = bands.length ? parseDecimal(bands[bands.length - 1].min) : undefined;
  const cmp = lowest ? ` < ${formatRational(lowest)}${unit}` : '';
  return { points: otherwise, text: `${v}${unit}${cmp} → ${fmtPts(otherwise)} điểm` };
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

const fmtDate = (dt: DateTime) => dt.toFormat('dd/MM/yyyy HH:mm');

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
      if (rule.mode === 'ofTarget') {
        // min(rate / target, 1) × max
        const reached = compareRational(v, target) >= 0;
        const pts = reached ? max : Number(divRoundHalfUp(v.num * target.den * BigInt(max), v.den * target.num));
        return ok(
          pts,
          `${label}${formatRational(v)}% / chỉ tiêu ${formatRational(target)}% × ${fmtPts(max)} điểm = ${fmtPts(clamp(pts, max))} điểm`,
          max,
        );
      }
      if (compareRational(v, target) >= 0) {
        return ok(max, `${label}${formatRational(v)}% ≥ ${formatRational(target)}% → ${fmtPts(max)} điểm`, max);
      }
      const pts = Number(divRoundHalfUp(v.num * BigInt(max), v.den * 100n));
      return ok(
        pts,
        `${label}Tỷ lệ ${formatRational(v)}% × ${fmtPts(max)} điểm = ${fmtPts(clamp(pts, max))} điểm`,
        max,
      );
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
      if (signed.toMillis() < dueLocal.toMillis()) {
        return ok(max, `Ký số lúc ${fmtDate(signed)}, trước hạn ${fmtDate(dueLocal)} → ${fmtPts(max)} điểm`, max);
      }
      return ok(
        rule.latePoints,
        `Ký số lúc ${fmtDate(signed)}, không trước hạn ${fmtDate(dueLocal)} → ${fmtPts(rule.latePoints)} điểm`,
        max,
      );
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
      const pts =
        compareRational(v, { num: 100n, den: 1n }) >= 0
          ? max
          : Number(divRoundHalfUp(v.num * BigInt(max), v.den * 100n));
      return ok(
        pts,
        `Khảo sát: ${formatRational(v)}% × ${fmtPts(max)} điểm = ${fmtPts(clamp(pts, max))} điểm`,
        max,
        false,
      );
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
