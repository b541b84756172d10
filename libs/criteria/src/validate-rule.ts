/**
 * The checks of one scoring rule (ranges, bands, deadlines, every rule kind's own fields) — the part of
 * {@link validateCriteriaSet} that looks at a single leaf's rule, kept apart so each file reads as one concern.
 */
import { compareRational, parseDecimal, type Milli } from './points';
import { problem, type ProblemAt } from './problems';
import { fmtPts, resolveDeadline } from './rules';
import type { Band, CriterionNode, Problem, ScoringRule } from './types';

/** Where a problem is: the criterion, the field, and the xlsx row / YAML line it came from. */
export function at(node: CriterionNode, field?: string): ProblemAt {
  return { code: node.code, field, row: node.source?.row, line: node.source?.line };
}

function checkRange(out: Problem[], node: CriterionNode, field: string, value: Milli, max: Milli): void {
  if (value < 0 || value > max) {
    out.push(
      problem(
        'points-out-of-range',
        at(node, field),
        `Điểm ${fmtPts(value)} nằm ngoài khoảng 0–${fmtPts(max)} của tiêu chí.`,
        `Points ${fmtPts(value)} are outside 0–${fmtPts(max)} for this criterion.`,
      ),
    );
  }
}

function checkBands(
  out: Problem[],
  node: CriterionNode,
  field: string,
  bands: readonly Band[],
  otherwise: Milli,
  max: Milli,
  topMustBeMax: boolean,
): void {
  bands.forEach((b, i) => checkRange(out, node, `${field}.bands[${i}].points`, b.points, max));
  checkRange(out, node, `${field}.otherwise`, otherwise, max);
  for (let i = 1; i < bands.length; i++) {
    const prev = parseDecimal(bands[i - 1].min);
    const cur = parseDecimal(bands[i].min);
    if (prev && cur && compareRational(cur, prev) >= 0) {
      out.push(
        problem(
          'bands-not-descending',
          at(node, `${field}.bands[${i}].min`),
          `Các ngưỡng phải giảm dần: ${bands[i].min} không nhỏ hơn ${bands[i - 1].min}.`,
          `Band thresholds must be strictly descending: ${bands[i].min} is not below ${bands[i - 1].min}.`,
        ),
      );
    }
    if (bands[i].points > bands[i - 1].points) {
      out.push(
        problem(
          'bands-points-increase',
          at(node, `${field}.bands[${i}].points`),
          `Ngưỡng thấp hơn lại được nhiều điểm hơn (${fmtPts(bands[i].points)} > ${fmtPts(bands[i - 1].points)}).`,
          `A lower band earns more points (${fmtPts(bands[i].points)} > ${fmtPts(bands[i - 1].points)}).`,
        ),
      );
    }
  }
  if (topMustBeMax && bands.length && bands[0].points !== max) {
    out.push(
      problem(
        'best-below-max',
        at(node, `${field}.bands[0].points`),
        `Ngưỡng cao nhất cho ${fmtPts(bands[0].points)} điểm, phải bằng điểm tối đa ${fmtPts(max)}.`,
        `The top band gives ${fmtPts(bands[0].points)} points; it must equal the max ${fmtPts(max)}.`,
      ),
    );
  }
}

export function checkRule(out: Problem[], node: CriterionNode, rule: ScoringRule, field: string): void {
  const max = node.maxPoints;
  switch (rule.kind) {
    case 'levels':
    case 'checklist': {
      const opts = rule.kind === 'levels' ? rule.levels : rule.items;
      const name = rule.kind === 'levels' ? 'levels' : 'items';
      const seen = new Set<string>();
      opts.forEach((o, i) => {
        checkRange(out, node, `${field}.${name}[${i}].points`, o.points, max);
        if (seen.has(o.key)) {
          out.push(
            problem(
              'duplicate-option',
              at(node, `${field}.${name}[${i}].key`),
              `Khóa "${o.key}" bị trùng.`,
              `Key "${o.key}" is duplicated.`,
            ),
          );
        }
        seen.add(o.key);
      });
      if (rule.kind === 'levels') {
        const best = Math.max(...opts.map((o) => o.points));
        if (best !== max) {
          out.push(
            problem(
              'best-below-max',
              at(node, `${field}.levels`),
              `Mức cao nhất cho ${fmtPts(best)} điểm, phải bằng điểm tối đa ${fmtPts(max)}.`,
              `The best level gives ${fmtPts(best)} points; it must equal the max ${fmtPts(max)}.`,
            ),
          );
        }
      } else {
        const sum = opts.reduce((a, o) => a + o.points, 0);
        if (sum !== max) {
          out.push(
            problem(
              'checklist-sum-mismatch',
              at(node, `${field}.items`),
              `Tổng điểm các nội dung là ${fmtPts(sum)}, khác điểm tối đa ${fmtPts(max)} (chia 1/3 điểm thì ghi rõ, ví dụ 0,333 + 0,333 + 0,334).`,
              `The items add up to ${fmtPts(sum)}, not the max ${fmtPts(max)} (write thirds explicitly, e.g. 0.333 + 0.333 + 0.334).`,
            ),
          );
        }
      }
      return;
    }
    case 'bands':
      checkBands(out, node, field, rule.bands, rule.otherwise, max, true);
      return;
    case 'survey':
      if (rule.bands) {
        checkBands(out, node, field, rule.bands, rule.otherwise, max, true);
      } else {
        checkRange(out, node, `${field}.otherwise`, rule.otherwise, max);
      }
      return;
    case 'proportional': {
      const t = parseDecimal(rule.target);
      if (!t || t.num <= 0n) {
        out.push(
          problem(
            'invalid-target',
            at(node, `${field}.target`),
            'Chỉ tiêu phải lớn hơn 0.',
            'The target must be above 0.',
          ),
        );
      }
      return;
    }
    case 'deadline': {
      checkRange(out, node, `${field}.latePoints`, rule.latePoints, max);
      checkRange(out, node, `${field}.missingPoints`, rule.missingPoints, max);
      // Resolve with a fixed year: only the shape (a valid date) is checked here.
      const r = resolveDeadline(rule.due, undefined, 2000);
      if (typeof r === 'string') {
        out.push(
          problem('invalid-deadline', at(node, `${field}.due`), r, `Invalid deadline: ${JSON.stringify(rule.due)}.`),
        );
      }
      return;
    }
    case 'perOccurrence':
      if (rule.deduction <= 0) {
        out.push(
          problem(
            'invalid-deduction',
            at(node, `${field}.deduction`),
            'Điểm trừ mỗi lần phải lớn hơn 0.',
            'The deduction per occurrence must be above 0.',
          ),
        );
      }
      checkRange(out, node, `${field}.floor`, rule.floor, max);
      return;
    case 'noOccurrenceFullMarks':
      if (rule.otherwise) {
        if (rule.otherwise.kind === 'noOccurrenceFullMarks' || rule.otherwise.kind === 'survey') {
          out.push(
            problem(
              'invalid-nested-rule',
              at(node, `${field}.otherwise.kind`),
              `Quy tắc "${rule.otherwise.kind}" không dùng được bên trong noOccurrenceFullMarks.`,
              `Rule "${rule.otherwise.kind}" cannot be nested in noOccurrenceFullMarks.`,
            ),
          );
        } else {
          checkRule(out, node, rule.otherwise, `${field}.otherwise`);
        }
      }
      return;
    case 'manual':
      return;
  }
}
