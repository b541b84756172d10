/**
 * The tree's content areas (inherited downwards) and rules (leaves only): the exact rule from the JSON
 * column when there is one, else the rule recognised in the guidance text; guidance that says more than
 * the rule's own wording is kept as the node's guidance.
 */
import { problem } from '../problems';
import { parseRule } from '../rule-schema';
import { parseRuleText, ruleToText } from '../rule-text';
import type { CriterionNode, Problem, ScoringRule } from '../types';
import { XLSX_HEADERS } from './cells';
import { resolveArea, type XlsxRoutingContext } from './routing';
import type { SheetRows } from './rows';

type RuleText = { text?: string; json?: string; row: number };

/** The node's content area: its own cell's (resolved against the routing context) or its parent's. */
function resolveNodeArea(
  node: CriterionNode,
  text: string | undefined,
  inherited: string | undefined,
  routing: XlsxRoutingContext | undefined,
  problems: Problem[],
): string | undefined {
  let area = inherited;
  if (text) {
    const res = resolveArea(text, inherited, routing);
    if (res.error) {
      problems.push(
        problem(
          'unknown-appraiser',
          { code: node.code, row: node.source?.row, field: XLSX_HEADERS.appraiser },
          res.error.vi,
          res.error.en,
        ),
      );
    } else {
      area = res.area;
    }
  }
  if (area) {
    node.contentArea = area;
    if (!text) {
      node.contentAreaInherited = true;
    }
  }
  return area;
}

/** A leaf's rule from the "Quy tắc (JSON)" cell (the export's exact rule). */
function ruleFromJson(
  node: CriterionNode,
  rt: RuleText & { json: string },
  problems: Problem[],
): ScoringRule | undefined {
  let rule: ScoringRule | undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(rt.json);
  } catch {
    problems.push(
      problem(
        'invalid-rule-json',
        { code: node.code, row: rt.row, field: XLSX_HEADERS.ruleJson },
        'Ô quy tắc (JSON) không phải JSON hợp lệ.',
        'The rule (JSON) cell is not valid JSON.',
      ),
    );
  }
  if (parsed !== undefined) {
    rule = parseRule(parsed, { code: node.code, row: rt.row }, problems, XLSX_HEADERS.ruleJson);
  }
  if (rt.text && rule && rt.text !== ruleToText(rule, node.maxPoints)) {
    node.guidance = rt.text;
  }
  return rule;
}

/** A leaf's rule recognised in the guidance text; manual (with a warning) when not recognised. */
function ruleFromGuidance(node: CriterionNode, rt: RuleText, problems: Problem[]): ScoringRule | undefined {
  const res = parseRuleText(rt.text, node.maxPoints);
  if (!res.recognised) {
    problems.push(
      problem(
        'rule-not-recognised',
        { code: node.code, row: rt.row, field: XLSX_HEADERS.guidance },
        'Không nhận ra cách tính điểm; tiêu chí được chấm theo thực tế (manual).',
        'The scoring text was not recognised; the leaf is scored manually.',
        'warning',
      ),
    );
  }
  if (rt.text && rt.text !== ruleToText(res.rule, node.maxPoints)) {
    node.guidance = rt.text;
  }
  return res.rule;
}

/** Set each node's content area and each leaf's rule (a branch keeps its guidance text), depth first. */
export function resolveAreasAndRules(
  rows: SheetRows,
  routing: XlsxRoutingContext | undefined,
  problems: Problem[],
): void {
  const visit = (node: CriterionNode, inherited: string | undefined) => {
    const area = resolveNodeArea(node, rows.areaTexts.get(node), inherited, routing, problems);
    const rt = rows.ruleTexts.get(node)!;
    if (node.children.length === 0) {
      const rule = rt.json
        ? ruleFromJson(node, { ...rt, json: rt.json }, problems)
        : ruleFromGuidance(node, rt, problems);
      if (rule) {
        node.rule = rule;
      }
    } else if (rt.text) {
      node.guidance = rt.text;
    }
    node.children.forEach((c) => visit(c, area));
  };
  rows.roots.forEach((n) => visit(n, undefined));
}
