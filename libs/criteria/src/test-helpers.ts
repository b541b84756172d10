/**
 * Builders for tests (and benchmarks): small, valid criteria sets made in code. Not used by the library
 * itself; exported from the index so other projects' tests can build sets without YAML.
 */
import type { CriteriaSet, CriterionNode, ScoringRule } from './types';

/** A leaf with a manual rule and a content area. */
export function leafNode(
  code: string,
  maxPoints: number,
  rule: ScoringRule = { kind: 'manual' },
  contentArea = 'area',
): CriterionNode {
  return { code, title: `Tiêu chí ${code}`, maxPoints, contentArea, rule, children: [] };
}

/** A parent whose max is the sum of its children. */
export function parentNode(code: string, children: CriterionNode[]): CriterionNode {
  return { code, title: `Mục ${code}`, maxPoints: children.reduce((a, c) => a + c.maxPoints, 0), children };
}

/**
 * A synthetic set of `fields` fields × `leavesPerField` manual leaves, each leaf worth `leafMilli`.
 * The declared total is the sum, so the set validates.
 */
export function syntheticSet(fields: number, leavesPerField: number, leafMilli = 1000): CriteriaSet {
  const nodes = Array.from({ length: fields }, (_, f) =>
    parentNode(
      String(f + 1),
      Array.from({ length: leavesPerField }, (_, l) => leafNode(`${f + 1}.${l + 1}`, leafMilli)),
    ),
  );
  return {
    key: 'synthetic',
    title: 'Synthetic',
    sample: true,
    totalPoints: nodes.reduce((a, n) => a + n.maxPoints, 0),
    nodes,
  };
}
