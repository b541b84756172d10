/** Field readers shared by the campaign plan's steps: each reports what is missing or malformed, with its line. */
import type { Locate } from '../catalog-yaml';
import { parsePoints, type Milli } from '../points';
import { problem } from '../problems';
import { validateClassThresholds, type ClassThreshold } from '../ranking';
import { isRecord, optString, show } from '../rule-schema';
import type { Problem } from '../types';

export function req(
  raw: Record<string, unknown>,
  k: string,
  path: (string | number)[],
  locate: Locate,
  problems: Problem[],
): string {
  const v = optString(raw[k]);
  if (!v) {
    problems.push(
      problem(
        'missing-field',
        { field: [...path, k].join('.'), line: locate([...path, k]) ?? locate(path) },
        `Thiếu "${k}".`,
        `"${k}" is missing.`,
      ),
    );
  }
  return v ?? '';
}

export function list(raw: Record<string, unknown>, k: string, locate: Locate, problems: Problem[]): unknown[] {
  const v = raw[k];
  if (!Array.isArray(v)) {
    problems.push(
      problem(
        'missing-list',
        { field: k, line: locate([k]) },
        `"${k}" phải là một danh sách.`,
        `"${k}" must be a list.`,
      ),
    );
    return [];
  }
  return v as unknown[];
}

export function strList(v: unknown): string[] {
  if (Array.isArray(v)) {
    return v.map((x) => optString(x)).filter((x): x is string => !!x);
  }
  const s = optString(v);
  return s ? [s] : [];
}

const CODE = /^[a-z0-9][a-z0-9-]*$/;

export function checkCode(code: string, field: string, line: number | undefined, problems: Problem[]): void {
  if (code && !CODE.test(code)) {
    problems.push(
      problem(
        'invalid-code',
        { code, field, line },
        `Mã "${code}" chỉ được dùng chữ thường không dấu, số và "-".`,
        `Code "${code}" may only use lower-case ASCII letters, digits and "-".`,
      ),
    );
  }
}

export function capPoints(
  raw: unknown,
  field: string,
  line: number | undefined,
  problems: Problem[],
  fallback: Milli,
): Milli {
  if (raw === undefined) {
    return fallback;
  }
  const m = parsePoints(raw);
  if (m === undefined || m < 0) {
    problems.push(
      problem(
        'invalid-points',
        { field, line },
        `"${show(raw)}" phải là số điểm không âm.`,
        `"${show(raw)}" must be a non-negative point value.`,
      ),
    );
    return fallback;
  }
  return m;
}

export function parseClasses(
  raw: unknown,
  path: (string | number)[],
  locate: Locate,
  problems: Problem[],
): ClassThreshold[] | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!Array.isArray(raw)) {
    problems.push(
      problem(
        'missing-list',
        { field: path.join('.'), line: locate(path) },
        'classes phải là một danh sách.',
        'classes must be a list.',
      ),
    );
    return undefined;
  }
  const classes = (raw as unknown[]).map((c) => {
    const r = isRecord(c) ? c : {};
    return { key: optString(r.key) ?? '', name: optString(r.name) ?? '', min: optString(r.min) ?? '' };
  });
  for (const p of validateClassThresholds(classes)) {
    const m = /classes\[(\d+)\]/.exec(p.field ?? '');
    problems.push({
      ...p,
      field: `${path.join('.')}${p.field?.replace(/^classes/, '') ?? ''}`,
      line: locate(m ? [...path, Number(m[1])] : path),
    });
  }
  return classes;
}
