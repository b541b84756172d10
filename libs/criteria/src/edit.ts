/**
 * Small fixes to a stored criteria set from the admin's form — a leaf's points, its scoring rule (written as the
 * "Hướng dẫn chấm" text the xlsx import reads), its content area and its evidence hint — applied to a copy and
 * checked with the same validation as an import. The result is stored as a new version by the caller.
 */
import { parsePoints } from './points';
import { problem } from './problems';
import { parseRuleText, ruleToText } from './rule-text';
import { indexByCode } from './tree';
import type { CriteriaSet, CriterionNode, Problem } from './types';
import { validateCriteriaSet, type ValidateOptions } from './validate';

/** One node's changes; an absent property is left as it is. */
export interface CriterionEdit {
  code: string;
  /** Points as a decimal (at most 3 decimals); "1,5" is read as 1.5. */
  maxPoints?: string | number;
  /** A leaf's rule in the words of the xlsx "Hướng dẫn chấm" column ("Đúng hạn: 1; Không đúng hạn: 0"). */
  ruleText?: string;
  contentArea?: string;
  /** Empty text removes the hint. */
  evidenceHint?: string;
}

/** Result of {@link editCriteriaSet}: the edited copy and every problem (the edits' and the validation's). */
export interface CriteriaEditResult {
  set: CriteriaSet;
  problems: Problem[];
}

function setArea(node: CriterionNode, area: string): void {
  node.contentArea = area;
  node.contentAreaInherited = false;
  const inherit = (n: CriterionNode) =>
    n.children.forEach((c) => {
      if (c.contentAreaInherited || !c.contentArea) {
        c.contentArea = area;
        c.contentAreaInherited = true;
        inherit(c);
      }
    });
  inherit(node);
}

function applyEdit(node: CriterionNode, e: CriterionEdit, problems: Problem[]): void {
  if (e.maxPoints !== undefined) {
    const milli = parsePoints(typeof e.maxPoints === 'string' ? e.maxPoints.trim().replace(',', '.') : e.maxPoints);
    if (milli === undefined) {
      problems.push(
        problem(
          'invalid-points',
          { code: node.code, field: 'maxPoints' },
          `Điểm tối đa "${e.maxPoints}" không phải là số (tối đa 3 chữ số thập phân).`,
          `Max points "${e.maxPoints}" is not a number (at most 3 decimals).`,
        ),
      );
    } else {
      node.maxPoints = milli;
    }
  }
  if (e.ruleText !== undefined) {
    if (node.children.length > 0) {
      problems.push(
        problem(
          'rule-on-parent',
          { code: node.code, field: 'rule' },
          `"${node.code}" là mục tổng hợp: cách tính điểm chỉ ghi ở tiêu chí lá.`,
          `"${node.code}" is a parent: rules belong on leaves.`,
        ),
      );
    } else {
      const res = parseRuleText(e.ruleText, node.maxPoints);
      if (!res.recognised) {
        problems.push(
          problem(
            'rule-not-recognised',
            { code: node.code, field: 'rule' },
            'Không nhận ra cách tính điểm: viết theo mẫu "Đúng hạn: 1; Không đúng hạn: 0" hoặc "Chấm theo thực tế".',
            'The scoring text was not recognised: write it like "Đúng hạn: 1; Không đúng hạn: 0" or "Chấm theo thực tế".',
          ),
        );
      } else {
        node.rule = res.rule;
        // The published wording is kept only when it says more than the rule's own text.
        node.guidance = e.ruleText.trim() === ruleToText(res.rule, node.maxPoints) ? undefined : e.ruleText.trim();
      }
    }
  }
  if (e.contentArea !== undefined && e.contentArea.trim()) {
    setArea(node, e.contentArea.trim());
  }
  if (e.evidenceHint !== undefined) {
    node.evidenceHint = e.evidenceHint.trim() || undefined;
  }
}

/** Drop the file locations: an edited version no longer comes from the rows of the imported file. */
function withoutSource(node: CriterionNode): void {
  delete node.source;
  node.children.forEach(withoutSource);
}

/**
 * Apply `edits` to a copy of `set` (the input is not changed) and validate the result as an import would.
 * Unknown codes and unreadable values are reported, never guessed.
 */
export function editCriteriaSet(
  set: CriteriaSet,
  edits: readonly CriterionEdit[],
  options: ValidateOptions = {},
): CriteriaEditResult {
  const copy = structuredClone(set);
  copy.nodes.forEach(withoutSource);
  const byCode = indexByCode(copy);
  const problems: Problem[] = [];
  for (const e of edits) {
    const node = byCode.get(e.code);
    if (!node) {
      problems.push(
        problem(
          'unknown-code',
          { code: e.code },
          `Mã "${e.code}" không có trong bộ tiêu chí.`,
          `Code "${e.code}" is not in the criteria set.`,
        ),
      );
      continue;
    }
    applyEdit(node, e, problems);
  }
  return { set: copy, problems: [...problems, ...validateCriteriaSet(copy, options)] };
}
