/**
 * Validation of a criteria set. Every check reports the criterion code, the field and what is wrong,
 * in Vietnamese and English, with the xlsx row / YAML line when the node came from a file. Validation
 * never stops at the first problem: an officer fixing an Excel sheet wants the whole list.
 */
import { problem } from './problems';
import { fmtPts } from './rules';
import { codeSegments, compareCodes, parentCode } from './tree';
import type { AdjustmentBlock, CriteriaSet, CriterionNode, Problem } from './types';
import { at, checkRule } from './validate-rule';

/** Options of {@link validateCriteriaSet}. */
export interface ValidateOptions {
  /**
   * The routing table: content area → appraising organisation codes. When given, every leaf's content
   * area must exist and have at least one appraiser.
   */
  routing?: ReadonlyMap<string, readonly string[]> | Readonly<Record<string, readonly string[]>>;
}

function routingGet(routing: ValidateOptions['routing'], area: string): readonly string[] | undefined {
  if (!routing) {
    return undefined;
  }
  if (routing instanceof Map) {
    return (routing as ReadonlyMap<string, readonly string[]>).get(area);
  }
  const rec = routing as Readonly<Record<string, readonly string[]>>;
  return Object.prototype.hasOwnProperty.call(rec, area) ? rec[area] : undefined;
}

function checkBlock(
  out: Problem[],
  block: AdjustmentBlock | undefined,
  name: 'bonus' | 'penalty',
  seen: Set<string>,
): void {
  if (!block) {
    return;
  }
  if (block.cap !== undefined && block.cap < 0) {
    out.push(
      problem('invalid-cap', { field: `${name}.cap` }, 'Mức trần phải không âm.', 'The cap must not be negative.'),
    );
  }
  block.items.forEach((item, i) => {
    if (item.points <= 0) {
      out.push(
        problem(
          'invalid-adjustment',
          { code: item.code, field: `${name}.items[${i}].points` },
          'Điểm của mục thưởng/trừ phải lớn hơn 0 (điểm trừ ghi số dương, hệ thống tự trừ).',
          'An adjustment item must be worth more than 0 (write penalties as positive numbers).',
        ),
      );
    }
    if (seen.has(item.code)) {
      out.push(
        problem(
          'duplicate-code',
          { code: item.code, field: `${name}.items[${i}].code` },
          `Mã "${item.code}" bị trùng.`,
          `Code "${item.code}" is duplicated.`,
        ),
      );
    }
    seen.add(item.code);
  });
}

/**
 * Validate a criteria set: duplicate codes, codes out of order or not nested under their parent, a parent
 * whose max differs from the sum of its children, leaves without rule or content area, points outside
 * 0..max, malformed rules, the declared total, and (with `routing`) content areas without an appraiser.
 *
 * @returns every problem found; empty when the set is valid.
 */
export function validateCriteriaSet(set: CriteriaSet, options: ValidateOptions = {}): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, CriterionNode>();

  const visit = (node: CriterionNode, parent: CriterionNode | undefined, prevSibling: CriterionNode | undefined) => {
    // Codes: unique, dotted numbers, one segment deeper than the parent, increasing among siblings.
    const first = seen.get(node.code);
    if (first) {
      const where = first.source?.row ?? first.source?.line;
      out.push(
        problem(
          'duplicate-code',
          at(node, 'code'),
          `Mã "${node.code}" bị trùng${where !== undefined ? ` (đã có ở dòng ${where})` : ''}.`,
          `Code "${node.code}" is duplicated${where !== undefined ? ` (first at row/line ${where})` : ''}.`,
        ),
      );
    } else {
      seen.set(node.code, node);
    }
    const segs = codeSegments(node.code);
    if (!segs) {
      out.push(
        problem(
          'invalid-code',
          at(node, 'code'),
          `Mã "${node.code}" phải có dạng 1, 1.1, 1.1.1…`,
          `Code "${node.code}" must look like 1, 1.1, 1.1.1…`,
        ),
      );
    } else {
      const expectedParent = parent?.code;
      if (parentCode(node.code) !== expectedParent) {
        out.push(
          problem(
            'code-not-nested',
            at(node, 'code'),
            expectedParent === undefined
              ? `Mã "${node.code}" ở cấp lĩnh vực phải là một số (1, 2, 3…).`
              : `Mã "${node.code}" không thuộc mục cha "${expectedParent}" (phải có dạng ${expectedParent}.n).`,
            expectedParent === undefined
              ? `Top-level code "${node.code}" must be a single number (1, 2, 3…).`
              : `Code "${node.code}" is not under its parent "${expectedParent}" (expected ${expectedParent}.n).`,
          ),
        );
      }
      if (prevSibling && compareCodes(prevSibling.code, node.code) >= 0) {
        out.push(
          problem(
            'code-out-of-order',
            at(node, 'code'),
            `Mã "${node.code}" đứng sau "${prevSibling.code}": sai thứ tự.`,
            `Code "${node.code}" comes after "${prevSibling.code}": out of order.`,
          ),
        );
      }
    }
    if (!node.title.trim()) {
      out.push(problem('missing-title', at(node, 'title'), 'Thiếu tên tiêu chí.', 'The title is missing.'));
    }
    if (node.maxPoints <= 0) {
      out.push(
        problem(
          'invalid-max',
          at(node, 'maxPoints'),
          `Điểm tối đa phải lớn hơn 0 (đang là ${fmtPts(node.maxPoints)}).`,
          `Max points must be above 0 (is ${fmtPts(node.maxPoints)}).`,
        ),
      );
    }

    if (node.children.length) {
      const sum = node.children.reduce((a, c) => a + c.maxPoints, 0);
      if (sum !== node.maxPoints) {
        out.push(
          problem(
            'sum-mismatch',
            at(node, 'maxPoints'),
            `Điểm tối đa ${fmtPts(node.maxPoints)} khác tổng các mục con ${fmtPts(sum)} (${node.children.map((c) => `${c.code}: ${fmtPts(c.maxPoints)}`).join(', ')}).`,
            `Max ${fmtPts(node.maxPoints)} differs from the sum of its children ${fmtPts(sum)}.`,
          ),
        );
      }
      if (node.rule) {
        out.push(
          problem(
            'rule-on-parent',
            at(node, 'rule'),
            'Mục có mục con được tính bằng tổng các mục con; quy tắc chấm ở đây bị bỏ qua.',
            'A node with children is the sum of its children; its rule is ignored.',
            'warning',
          ),
        );
      }
      let prev: CriterionNode | undefined;
      for (const c of node.children) {
        visit(c, node, prev);
        prev = c;
      }
      return;
    }

    // Leaf.
    if (!node.rule) {
      out.push(
        problem(
          'missing-rule',
          at(node, 'rule'),
          'Tiêu chí lá chưa có quy tắc chấm điểm.',
          'This leaf has no scoring rule.',
        ),
      );
    } else {
      checkRule(out, node, node.rule, 'rule');
    }
    if (!node.contentArea) {
      out.push(
        problem(
          'missing-content-area',
          at(node, 'contentArea'),
          'Tiêu chí lá chưa có nội dung (lĩnh vực) thẩm định.',
          'This leaf has no content area.',
        ),
      );
    } else if (options.routing) {
      const appraisers = routingGet(options.routing, node.contentArea);
      if (appraisers === undefined) {
        out.push(
          problem(
            'unknown-content-area',
            at(node, 'contentArea'),
            `Nội dung thẩm định "${node.contentArea}" không có trong bảng phân công.`,
            `Content area "${node.contentArea}" is not in the routing table.`,
          ),
        );
      } else if (appraisers.length === 0) {
        out.push(
          problem(
            'no-appraiser',
            at(node, 'contentArea'),
            `Nội dung thẩm định "${node.contentArea}" chưa có cơ quan thẩm định.`,
            `Content area "${node.contentArea}" has no appraising organisation.`,
          ),
        );
      }
    }
  };

  let prev: CriterionNode | undefined;
  for (const n of set.nodes) {
    visit(n, undefined, prev);
    prev = n;
  }

  if (set.nodes.length === 0) {
    out.push(
      problem('empty-set', { field: 'nodes' }, 'Bộ tiêu chí không có lĩnh vực nào.', 'The criteria set has no fields.'),
    );
  }
  const total = set.nodes.reduce((a, n) => a + n.maxPoints, 0);
  if (total !== set.totalPoints) {
    out.push(
      problem(
        'total-mismatch',
        { field: 'totalPoints' },
        `Tổng điểm các lĩnh vực là ${fmtPts(total)}, khác tổng điểm khai báo ${fmtPts(set.totalPoints)}.`,
        `The fields add up to ${fmtPts(total)}, not the declared total ${fmtPts(set.totalPoints)}.`,
      ),
    );
  }
  const adjSeen = new Set<string>(seen.keys());
  checkBlock(out, set.bonus, 'bonus', adjSeen);
  checkBlock(out, set.penalty, 'penalty', adjSeen);
  return out;
}
