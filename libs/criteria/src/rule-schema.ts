/**
 * The written form of scoring rules (YAML, the JSON column of an xlsx sheet) ↔ {@link ScoringRule}.
 * Parsing checks shape and types only; ranges against the leaf's max are checked by `validateCriteriaSet`,
 * so rules built in code get the same checks as imported ones.
 */
import { milliToNumber, parseDecimal, parsePoints, type Milli } from './points';
import { problem, type ProblemAt } from './problems';
import { RULE_KINDS, type Band, type DeadlineSpec, type Problem, type ScoringRule } from './types';

/** A plain object (YAML mapping / JSON object). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty trimmed string, or undefined. Numbers are accepted and stringified (YAML may type them). */
export function optString(v: unknown): string | undefined {
  if (typeof v === 'number' || typeof v === 'boolean') {
    return String(v);
  }
  if (typeof v !== 'string') {
    return undefined;
  }
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** A value as text for messages: scalars as written, anything else as JSON. */
export function show(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? String(v)
    : (JSON.stringify(v) ?? typeof v);
}

interface Ctx {
  at: ProblemAt;
  field: string;
  problems: Problem[];
}

function sub(ctx: Ctx, field: string): Ctx {
  return { ...ctx, field: `${ctx.field}.${field}` };
}

function fail(ctx: Ctx, kind: string, vi: string, en: string): undefined {
  ctx.problems.push(problem(kind, { ...ctx.at, field: ctx.field }, vi, en));
  return undefined;
}

function points(ctx: Ctx, v: unknown, fallback?: Milli): Milli | undefined {
  if (v === undefined || v === null || v === '') {
    if (fallback !== undefined) {
      return fallback;
    }
    return fail(ctx, 'missing-points', 'Thiếu số điểm.', 'Points are missing.');
  }
  const m = parsePoints(v);
  if (m === undefined) {
    return fail(
      ctx,
      'invalid-points',
      `"${show(v)}" không phải số điểm hợp lệ (số thập phân, tối đa 3 chữ số sau dấu phẩy).`,
      `"${show(v)}" is not a valid point value (a decimal with at most 3 places).`,
    );
  }
  return m;
}

function decimalText(ctx: Ctx, v: unknown): string | undefined {
  const r = parseDecimal(v);
  if (!r) {
    return fail(ctx, 'invalid-number', `"${show(v)}" không phải số hợp lệ.`, `"${show(v)}" is not a valid number.`);
  }
  // Canonical text ("98.50" → "98.5") so a rule written twice compares equal; short decimals survive Number exactly.
  return String(Number(`${r.num}e-${String(r.den).length - 1}`));
}

function bands(ctx: Ctx, v: unknown): Band[] | undefined {
  if (!Array.isArray(v) || v.length === 0) {
    return fail(ctx, 'missing-bands', 'Cần ít nhất một ngưỡng (bands).', 'At least one band is required.');
  }
  const out: Band[] = [];
  v.forEach((raw, i) => {
    const c = sub(ctx, `[${i}]`);
    if (!isRecord(raw)) {
      fail(c, 'invalid-band', 'Ngưỡng phải có dạng { min, points }.', 'A band must be { min, points }.');
      return;
    }
    const min = decimalText(sub(c, 'min'), raw.min);
    const p = points(sub(c, 'points'), raw.points);
    if (min !== undefined && p !== undefined) {
      out.push({ min, points: p });
    }
  });
  return out.length === v.length ? out : undefined;
}

function deadlineSpec(ctx: Ctx, v: unknown): DeadlineSpec | undefined {
  if (typeof v === 'string' && v.trim() !== '') {
    return v.trim();
  }
  if (isRecord(v)) {
    const month = Number(optString(v.month));
    const day = Number(optString(v.day));
    const yearOffset = v.yearOffset === undefined ? undefined : Number(optString(v.yearOffset));
    if (
      !Number.isInteger(month) ||
      !Number.isInteger(day) ||
      (yearOffset !== undefined && !Number.isInteger(yearOffset))
    ) {
      return fail(
        ctx,
        'invalid-deadline',
        'Hạn phải là ngày giờ ISO (2024-02-01T00:00) hoặc { month, day, yearOffset }.',
        'The deadline must be an ISO local date-time (2024-02-01T00:00) or { month, day, yearOffset }.',
      );
    }
    return yearOffset === undefined || yearOffset === 0 ? { month, day } : { month, day, yearOffset };
  }
  return fail(ctx, 'invalid-deadline', 'Thiếu hạn (due).', 'The deadline (due) is missing.');
}

function options(ctx: Ctx, v: unknown, prefix: string): { key: string; label: string; points: Milli }[] | undefined {
  if (!Array.isArray(v) || v.length === 0) {
    return fail(ctx, 'missing-options', 'Cần ít nhất một lựa chọn.', 'At least one option is required.');
  }
  const out: { key: string; label: string; points: Milli }[] = [];
  v.forEach((raw, i) => {
    const c = sub(ctx, `[${i}]`);
    if (!isRecord(raw)) {
      fail(
        c,
        'invalid-option',
        'Lựa chọn phải có dạng { key, label, points }.',
        'An option must be { key, label, points }.',
      );
      return;
    }
    const label = optString(raw.label);
    const p = points(sub(c, 'points'), raw.points);
    if (label === undefined) {
      fail(sub(c, 'label'), 'missing-label', 'Thiếu nhãn (label).', 'The label is missing.');
    }
    if (label !== undefined && p !== undefined) {
      out.push({ key: optString(raw.key) ?? `${prefix}${i + 1}`, label, points: p });
    }
  });
  return out.length === v.length ? out : undefined;
}

/**
 * Parse a written rule. Problems are appended to `problems` with `at` (code, row/line) and the field path
 * `rule…`; returns `undefined` when the rule cannot be built.
 */
export function parseRule(raw: unknown, at: ProblemAt, problems: Problem[], field = 'rule'): ScoringRule | undefined {
  const ctx: Ctx = { at, field, problems };
  if (!isRecord(raw)) {
    return fail(
      ctx,
      'invalid-rule',
      'Quy tắc chấm phải là một đối tượng có "kind".',
      'A rule must be an object with a "kind".',
    );
  }
  const kind = optString(raw.kind);
  if (!kind || !(RULE_KINDS as readonly string[]).includes(kind)) {
    return fail(
      sub(ctx, 'kind'),
      'unknown-rule-kind',
      `Loại quy tắc "${kind ?? ''}" không hợp lệ; dùng một trong: ${RULE_KINDS.join(', ')}.`,
      `Unknown rule kind "${kind ?? ''}"; use one of: ${RULE_KINDS.join(', ')}.`,
    );
  }
  const k = kind as ScoringRule['kind'];
  switch (k) {
    case 'levels': {
      const levels = options(sub(ctx, 'levels'), raw.levels, 'l');
      return levels && { kind: 'levels', levels };
    }
    case 'checklist': {
      const items = options(sub(ctx, 'items'), raw.items, 'c');
      return items && { kind: 'checklist', items };
    }
    case 'bands': {
      const b = bands(sub(ctx, 'bands'), raw.bands);
      const otherwise = points(sub(ctx, 'otherwise'), raw.otherwise, 0);
      if (!b || otherwise === undefined) {
        return undefined;
      }
      const rule: ScoringRule = { kind: 'bands', bands: b, otherwise };
      const metric = optString(raw.metric);
      const unit = optString(raw.unit);
      if (metric) {
        rule.metric = metric;
      }
      if (unit) {
        rule.unit = unit;
      }
      return rule;
    }
    case 'proportional': {
      const target = raw.target === undefined ? '100' : decimalText(sub(ctx, 'target'), raw.target);
      const mode = optString(raw.mode) ?? 'rate';
      if (mode !== 'rate' && mode !== 'ofTarget') {
        return fail(
          sub(ctx, 'mode'),
          'invalid-mode',
          'mode phải là "rate" hoặc "ofTarget".',
          'mode must be "rate" or "ofTarget".',
        );
      }
      if (target === undefined) {
        return undefined;
      }
      const rule: ScoringRule = { kind: 'proportional', target, mode };
      const metric = optString(raw.metric);
      if (metric) {
        rule.metric = metric;
      }
      return rule;
    }
    case 'deadline': {
      const due = deadlineSpec(sub(ctx, 'due'), raw.due);
      const latePoints = points(sub(ctx, 'latePoints'), raw.latePoints, 0);
      const missingPoints = points(sub(ctx, 'missingPoints'), raw.missingPoints, 0);
      if (due === undefined || latePoints === undefined || missingPoints === undefined) {
        return undefined;
      }
      if (raw.signedBy !== undefined && raw.signedBy !== 'organisation') {
        return fail(
          sub(ctx, 'signedBy'),
          'invalid-signed-by',
          'signedBy chỉ nhận giá trị "organisation" (yêu cầu chữ ký số cơ quan) hoặc để trống.',
          'signedBy accepts only "organisation" (an agency signature is required) or nothing.',
        );
      }
      return {
        kind: 'deadline',
        due,
        latePoints,
        missingPoints,
        ...(raw.signedBy === 'organisation' ? { signedBy: 'organisation' as const } : {}),
      };
    }
    case 'perOccurrence': {
      const deduction = points(sub(ctx, 'deduction'), raw.deduction);
      const floor = points(sub(ctx, 'floor'), raw.floor, 0);
      if (deduction === undefined || floor === undefined) {
        return undefined;
      }
      const rule: ScoringRule = { kind: 'perOccurrence', deduction, floor };
      const occurrence = optString(raw.occurrence);
      if (occurrence) {
        rule.occurrence = occurrence;
      }
      return rule;
    }
    case 'noOccurrenceFullMarks': {
      const rule: ScoringRule = { kind: 'noOccurrenceFullMarks' };
      const occurrence = optString(raw.occurrence);
      if (occurrence) {
        rule.occurrence = occurrence;
      }
      if (raw.otherwise !== undefined && raw.otherwise !== null) {
        const inner = parseRule(raw.otherwise, at, problems, `${field}.otherwise`);
        if (!inner) {
          return undefined;
        }
        rule.otherwise = inner;
      }
      return rule;
    }
    case 'survey': {
      const b = raw.bands === undefined ? undefined : bands(sub(ctx, 'bands'), raw.bands);
      if (raw.bands !== undefined && !b) {
        return undefined;
      }
      const otherwise = points(sub(ctx, 'otherwise'), raw.otherwise, 0);
      if (otherwise === undefined) {
        return undefined;
      }
      const rule: ScoringRule = { kind: 'survey', otherwise };
      const source = optString(raw.source);
      if (source) {
        rule.source = source;
      }
      if (b) {
        rule.bands = b;
      }
      return rule;
    }
    case 'manual':
      return { kind: 'manual' };
  }
}

/**
 * The written form of a rule, with points as plain decimal numbers (1.5, 0.333) — what YAML and the
 * xlsx JSON column hold. `parseRule(serializeRule(r))` gives back `r`.
 */
export function serializeRule(rule: ScoringRule): Record<string, unknown> {
  const pts = milliToNumber;
  const band = (b: Band) => ({ min: Number(b.min), points: pts(b.points) });
  switch (rule.kind) {
    case 'levels':
      return {
        kind: 'levels',
        levels: rule.levels.map((l) => ({ key: l.key, label: l.label, points: pts(l.points) })),
      };
    case 'checklist':
      return {
        kind: 'checklist',
        items: rule.items.map((l) => ({ key: l.key, label: l.label, points: pts(l.points) })),
      };
    case 'bands':
      return {
        kind: 'bands',
        ...(rule.metric ? { metric: rule.metric } : {}),
        ...(rule.unit ? { unit: rule.unit } : {}),
        bands: rule.bands.map(band),
        otherwise: pts(rule.otherwise),
      };
    case 'proportional':
      return {
        kind: 'proportional',
        ...(rule.metric ? { metric: rule.metric } : {}),
        target: Number(rule.target),
        mode: rule.mode,
      };
    case 'deadline':
      return {
        kind: 'deadline',
        due: rule.due,
        latePoints: pts(rule.latePoints),
        missingPoints: pts(rule.missingPoints),
        ...(rule.signedBy ? { signedBy: rule.signedBy } : {}),
      };
    case 'perOccurrence':
      return {
        kind: 'perOccurrence',
        ...(rule.occurrence ? { occurrence: rule.occurrence } : {}),
        deduction: pts(rule.deduction),
        floor: pts(rule.floor),
      };
    case 'noOccurrenceFullMarks':
      return {
        kind: 'noOccurrenceFullMarks',
        ...(rule.occurrence ? { occurrence: rule.occurrence } : {}),
        ...(rule.otherwise ? { otherwise: serializeRule(rule.otherwise) } : {}),
      };
    case 'survey':
      return {
        kind: 'survey',
        ...(rule.source ? { source: rule.source } : {}),
        ...(rule.bands ? { bands: rule.bands.map(band) } : {}),
        otherwise: pts(rule.otherwise),
      };
    case 'manual':
      return { kind: 'manual' };
  }
}
