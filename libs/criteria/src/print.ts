/**
 * Plain-text rendering of a criteria set for terminals and logs (the `criteria check` command, dry runs).
 */
import { formatPoints } from './points';
import { formatProblem, sortProblems } from './problems';
import type { CriteriaSet, CriterionNode, Problem } from './types';

/** Options of {@link formatCriteriaTree}. */
export interface FormatTreeOptions {
  /** Title column width (titles are cut with "…"). Default 70. */
  titleWidth?: number;
  /** Show the rule kind and content area of leaves. Default true. */
  details?: boolean;
}

function cut(s: string, w: number): string {
  const chars = [...s];
  return chars.length <= w ? s + ' '.repeat(w - chars.length) : `${chars.slice(0, w - 1).join('')}…`;
}

/**
 * The tree, one node per line, indented by depth, with max points (2 decimals, Vietnamese comma), and for
 * leaves the rule kind and content area; then the totals per field and overall.
 */
export function formatCriteriaTree(set: CriteriaSet, options: FormatTreeOptions = {}): string {
  const w = options.titleWidth ?? 70;
  const details = options.details ?? true;
  const lines: string[] = [];
  lines.push(`${set.title}${set.key ? ` [${set.key}]` : ''}`);
  if (set.sample) {
    lines.push(`MẪU / SAMPLE${set.notice ? `: ${set.notice}` : ''}`);
  }
  const visit = (n: CriterionNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const code = cut(`${pad}${n.code}`, 12);
    const pts = formatPoints(n.maxPoints).padStart(7);
    const leaf = n.children.length === 0;
    const extra =
      details && leaf ? `  ${n.rule?.kind ?? '(không có quy tắc)'}${n.contentArea ? ` · ${n.contentArea}` : ''}` : '';
    lines.push(`${code} ${cut(n.title, w)} ${pts}${extra}`);
    n.children.forEach((c) => visit(c, depth + 1));
  };
  set.nodes.forEach((n) => visit(n, 0));
  const block = (label: string, b: CriteriaSet['bonus']) => {
    if (b) {
      lines.push(
        `${label}${b.cap !== undefined ? ` (trần ${formatPoints(b.cap)})` : ''}: ${b.items.map((i) => `${i.code} ${formatPoints(i.points)}`).join(', ')}`,
      );
    }
  };
  block('Điểm thưởng', set.bonus);
  block('Điểm trừ', set.penalty);
  lines.push('');
  lines.push(`Tổng theo lĩnh vực: ${set.nodes.map((n) => `${n.code} = ${formatPoints(n.maxPoints)}`).join('; ')}`);
  const total = set.nodes.reduce((a, n) => a + n.maxPoints, 0);
  const leavesCount = (n: CriterionNode): number =>
    n.children.length ? n.children.reduce((a, c) => a + leavesCount(c), 0) : 1;
  lines.push(
    `Tổng điểm: ${formatPoints(total)} (khai báo ${formatPoints(set.totalPoints)}) · ${set.nodes.length} lĩnh vực · ${set.nodes.reduce((a, n) => a + leavesCount(n), 0)} tiêu chí lá`,
  );
  return lines.join('\n');
}

/** Problems as lines, sorted by row/line; an empty string when there are none. */
export function formatProblems(problems: readonly Problem[], lang: 'vi' | 'en' = 'vi'): string {
  return sortProblems(problems)
    .map((p) => formatProblem(p, lang))
    .join('\n');
}
