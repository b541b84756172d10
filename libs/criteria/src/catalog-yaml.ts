/**
 * Criteria sets written as YAML (the form kept in config/data/catalogs). The text is parsed with YAML's
 * failsafe schema — every scalar stays a string — so "1.10" stays a code and "0.333" stays exact; this
 * module does the typing itself and reports problems with the YAML line.
 */
import { LineCounter, parseDocument, stringify, type Document } from 'yaml';
import { parsePoints, milliToNumber, type Milli } from './points';
import { hasErrors, problem } from './problems';
import { isRecord, optString, parseRule, serializeRule, show } from './rule-schema';
import { validateCriteriaSet, type ValidateOptions } from './validate';
import type { AdjustmentBlock, CriteriaSet, CriterionNode, LoadResult, Problem } from './types';

/** Turns a path inside the parsed document into a 1-based line, when known. */
export type Locate = (path: readonly (string | number)[]) => number | undefined;

/**
 * Parse YAML text into plain data (failsafe: all scalars are strings) plus a locator for line numbers.
 * Syntax errors come back as problems with their line.
 */
export function parseYamlText(text: string): { data: unknown; locate: Locate; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { schema: 'failsafe', lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = doc.errors.map((e) =>
    problem(
      'yaml-syntax',
      { line: e.linePos?.[0]?.line },
      `Lỗi cú pháp YAML: ${e.message}`,
      `YAML syntax error: ${e.message}`,
    ),
  );
  const locate: Locate = (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) {
        return lineCounter.linePos(node.range[0]).line;
      }
    }
    return undefined;
  };
  return { data: problems.length ? undefined : doc.toJS(), locate, problems };
}

/** A boolean written in YAML/JSON ("true", "false", true). */
export function optBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') {
    return v;
  }
  const s = optString(v)?.toLowerCase();
  return s === 'true' || s === 'yes' ? true : s === 'false' || s === 'no' ? false : undefined;
}

function pointsAt(
  v: unknown,
  where: { code?: string; field: string; line?: number },
  problems: Problem[],
  fallback?: Milli,
): Milli | undefined {
  if (v === undefined || v === null || v === '') {
    if (fallback !== undefined) {
      return fallback;
    }
    problems.push(problem('missing-points', where, 'Thiếu số điểm.', 'Points are missing.'));
    return undefined;
  }
  const m = parsePoints(v);
  if (m === undefined) {
    problems.push(
      problem(
        'invalid-points',
        where,
        `"${show(v)}" không phải số điểm hợp lệ (số thập phân, tối đa 3 chữ số sau dấu phẩy).`,
        `"${show(v)}" is not a valid point value (a decimal with at most 3 places).`,
      ),
    );
  }
  return m;
}

function buildBlock(
  raw: unknown,
  name: 'bonus' | 'penalty',
  locate: Locate,
  problems: Problem[],
): AdjustmentBlock | undefined {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (!isRecord(raw)) {
    problems.push(
      problem(
        'invalid-block',
        { field: name, line: locate([name]) },
        `"${name}" phải là { cap, items }.`,
        `"${name}" must be { cap, items }.`,
      ),
    );
    return undefined;
  }
  const block: AdjustmentBlock = { items: [] };
  if (raw.cap !== undefined) {
    block.cap = pointsAt(raw.cap, { field: `${name}.cap`, line: locate([name, 'cap']) }, problems);
  }
  const items = Array.isArray(raw.items) ? (raw.items as unknown[]) : [];
  items.forEach((it, i) => {
    const line = locate([name, 'items', i]);
    if (!isRecord(it)) {
      problems.push(
        problem(
          'invalid-adjustment',
          { field: `${name}.items[${i}]`, line },
          'Mục phải là { code, title, points }.',
          'An item must be { code, title, points }.',
        ),
      );
      return;
    }
    const code = optString(it.code);
    const title = optString(it.title);
    const points = pointsAt(it.points, { code, field: `${name}.items[${i}].points`, line }, problems);
    if (!code || !title) {
      problems.push(
        problem(
          'invalid-adjustment',
          { code, field: `${name}.items[${i}]`, line },
          'Mục cần có code và title.',
          'An item needs a code and a title.',
        ),
      );
      return;
    }
    if (points !== undefined) {
      const item = {
        code,
        title,
        points,
        ...(optString(it.contentArea) ? { contentArea: optString(it.contentArea) } : {}),
      };
      block.items.push(item);
    }
  });
  return block;
}

/**
 * The top of a document: true when `raw` is a mapping. A mapping whose `kind` names another document adds a
 * `wrong-kind` problem; anything else than a mapping adds `invalid-document` (message `notADocument`, vi/en).
 */
export function isDocument(
  raw: unknown,
  kind: string,
  notADocument: readonly [vi: string, en: string],
  locate: Locate,
  problems: Problem[],
): raw is Record<string, unknown> {
  if (!isRecord(raw)) {
    problems.push(problem('invalid-document', { line: 1 }, ...notADocument));
    return false;
  }
  const found = optString(raw.kind);
  if (found !== undefined && found !== kind) {
    problems.push(
      problem(
        'wrong-kind',
        { field: 'kind', line: locate(['kind']) },
        `kind phải là "${kind}" (đang là "${found}").`,
        `kind must be "${kind}" (is "${found}").`,
      ),
    );
  }
  return true;
}

/**
 * Build a criteria set from plain data (a parsed YAML or JSON document). Content areas written on a
 * parent are inherited by its descendants. Returns the set only when there is no error; the set is then
 * also validated (see {@link validateCriteriaSet}).
 */
export function buildCriteriaSet(
  raw: unknown,
  locate: Locate = () => undefined,
  options: ValidateOptions = {},
): LoadResult<CriteriaSet> {
  const problems: Problem[] = [];
  if (
    !isDocument(
      raw,
      'criteriaSet',
      ['Tệp phải là một bộ tiêu chí (key, title, nodes…).', 'The file must be a criteria set (key, title, nodes…).'],
      locate,
      problems,
    )
  ) {
    return { ok: false, problems };
  }
  const key = optString(raw.key);
  const title = optString(raw.title);
  if (!key) {
    problems.push(
      problem(
        'missing-key',
        { field: 'key', line: locate(['key']) },
        'Thiếu key của bộ tiêu chí.',
        'The set has no key.',
      ),
    );
  }
  if (!title) {
    problems.push(
      problem(
        'missing-title',
        { field: 'title', line: locate(['title']) },
        'Thiếu tên bộ tiêu chí.',
        'The set has no title.',
      ),
    );
  }
  const totalPoints = pointsAt(
    raw.totalPoints,
    { field: 'totalPoints', line: locate(['totalPoints']) },
    problems,
    100_000,
  );

  const buildNode = (
    rn: unknown,
    path: (string | number)[],
    inherited: string | undefined,
  ): CriterionNode | undefined => {
    const line = locate(path);
    if (!isRecord(rn)) {
      problems.push(
        problem(
          'invalid-node',
          { line },
          'Mỗi tiêu chí phải là một đối tượng { code, title, maxPoints… }.',
          'Each node must be an object { code, title, maxPoints… }.',
        ),
      );
      return undefined;
    }
    const code = optString(rn.code);
    if (!code) {
      problems.push(problem('missing-code', { field: 'code', line }, 'Thiếu mã tiêu chí.', 'The node has no code.'));
    }
    const where = (field: string) => ({ code, field, line: locate([...path, field]) ?? line });
    const maxPoints = pointsAt(rn.maxPoints, where('maxPoints'), problems);
    const own = optString(rn.contentArea);
    const node: CriterionNode = {
      code: code ?? '?',
      title: optString(rn.title) ?? '',
      maxPoints: maxPoints ?? 0,
      children: [],
      source: { line },
    };
    const area = own ?? inherited;
    if (area) {
      node.contentArea = area;
      if (!own) {
        node.contentAreaInherited = true;
      }
    }
    const evidenceHint = optString(rn.evidenceHint);
    const guidance = optString(rn.guidance);
    if (evidenceHint) {
      node.evidenceHint = evidenceHint;
    }
    if (guidance) {
      node.guidance = guidance;
    }
    if (rn.rule !== undefined && rn.rule !== null) {
      const rule = parseRule(rn.rule, { code, line: locate([...path, 'rule']) ?? line }, problems);
      if (rule) {
        node.rule = rule;
      }
    }
    if (rn.children !== undefined) {
      if (!Array.isArray(rn.children)) {
        problems.push(
          problem('invalid-children', where('children'), 'children phải là một danh sách.', 'children must be a list.'),
        );
      } else {
        (rn.children as unknown[]).forEach((c, i) => {
          const child = buildNode(c, [...path, 'children', i], area);
          if (child) {
            node.children.push(child);
          }
        });
      }
    }
    return node;
  };

  const nodes: CriterionNode[] = [];
  if (!Array.isArray(raw.nodes)) {
    problems.push(
      problem(
        'missing-nodes',
        { field: 'nodes', line: locate(['nodes']) },
        'Thiếu danh sách lĩnh vực (nodes).',
        'The list of fields (nodes) is missing.',
      ),
    );
  } else {
    (raw.nodes as unknown[]).forEach((n, i) => {
      const node = buildNode(n, ['nodes', i], undefined);
      if (node) {
        nodes.push(node);
      }
    });
  }

  const set: CriteriaSet = {
    key: key ?? '',
    title: title ?? '',
    sample: optBool(raw.sample) ?? false,
    totalPoints: totalPoints ?? 100_000,
    nodes,
  };
  for (const f of ['notice', 'source', 'version', 'unitGroup'] as const) {
    const v = optString(raw[f]);
    if (v) {
      set[f] = v;
    }
  }
  const bonus = buildBlock(raw.bonus, 'bonus', locate, problems);
  const penalty = buildBlock(raw.penalty, 'penalty', locate, problems);
  if (bonus) {
    set.bonus = bonus;
  }
  if (penalty) {
    set.penalty = penalty;
  }

  // Validate even when building found problems, so one pass reports everything — but do not repeat
  // "max must be above 0" for a max that was already reported as unreadable.
  const unreadable = new Set(problems.filter((p) => p.field === 'maxPoints').map((p) => p.code));
  problems.push(
    ...validateCriteriaSet(set, options).filter(
      (p) =>
        !(
          ['invalid-max', 'points-out-of-range', 'best-below-max', 'checklist-sum-mismatch'].includes(p.kind) &&
          unreadable.has(p.code)
        ),
    ),
  );
  return hasErrors(problems) ? { ok: false, problems } : { ok: true, value: set, problems };
}

/**
 * Load a criteria set from YAML text: parse, type, inherit content areas, validate. On any error the set
 * is not returned — only the problems, each with its line.
 */
export function loadCriteriaSetYaml(text: string, options: ValidateOptions = {}): LoadResult<CriteriaSet> {
  const { data, locate, problems } = parseYamlText(text);
  if (problems.length) {
    return { ok: false, problems };
  }
  return buildCriteriaSet(data, locate, options);
}

/** A criteria set as plain data in the YAML form (points as decimals; inherited content areas omitted). */
export function criteriaSetToData(set: CriteriaSet): Record<string, unknown> {
  const node = (n: CriterionNode): Record<string, unknown> => ({
    code: n.code,
    title: n.title,
    maxPoints: milliToNumber(n.maxPoints),
    ...(n.contentArea && !n.contentAreaInherited ? { contentArea: n.contentArea } : {}),
    ...(n.evidenceHint ? { evidenceHint: n.evidenceHint } : {}),
    ...(n.guidance ? { guidance: n.guidance } : {}),
    ...(n.rule && n.children.length === 0 ? { rule: serializeRule(n.rule) } : {}),
    ...(n.children.length ? { children: n.children.map(node) } : {}),
  });
  const block = (b: AdjustmentBlock) => ({
    ...(b.cap !== undefined ? { cap: milliToNumber(b.cap) } : {}),
    items: b.items.map((i) => ({
      code: i.code,
      title: i.title,
      points: milliToNumber(i.points),
      ...(i.contentArea ? { contentArea: i.contentArea } : {}),
    })),
  });
  return {
    kind: 'criteriaSet',
    key: set.key,
    title: set.title,
    sample: set.sample,
    ...(set.notice ? { notice: set.notice } : {}),
    ...(set.source ? { source: set.source } : {}),
    ...(set.version ? { version: set.version } : {}),
    ...(set.unitGroup ? { unitGroup: set.unitGroup } : {}),
    totalPoints: milliToNumber(set.totalPoints),
    nodes: set.nodes.map(node),
    ...(set.bonus ? { bonus: block(set.bonus) } : {}),
    ...(set.penalty ? { penalty: block(set.penalty) } : {}),
  };
}

/** Serialise a criteria set to YAML text that {@link loadCriteriaSetYaml} reads back to the same set. */
export function criteriaSetToYaml(set: CriteriaSet): string {
  return stringify(criteriaSetToData(set), { lineWidth: 0 });
}
