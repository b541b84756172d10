/**
 * Walking a criteria tree: leaves, lookups, code order. Pure helpers used by validation, scoring and export.
 */
import type { CriteriaSet, CriterionNode } from './types';

/** Every node, depth-first, parents before children (document order). */
export function allNodes(set: Pick<CriteriaSet, 'nodes'>): CriterionNode[] {
  const out: CriterionNode[] = [];
  const visit = (n: CriterionNode) => {
    out.push(n);
    n.children.forEach(visit);
  };
  set.nodes.forEach(visit);
  return out;
}

/** The leaves (nodes without children), in document order. */
export function leaves(set: Pick<CriteriaSet, 'nodes'>): CriterionNode[] {
  return allNodes(set).filter((n) => n.children.length === 0);
}

/** True when the node has no children — scores are entered only there. */
export function isLeaf(node: CriterionNode): boolean {
  return node.children.length === 0;
}

/** Map code → node. Later duplicates do not overwrite earlier ones (validation reports duplicates). */
export function indexByCode(set: Pick<CriteriaSet, 'nodes'>): Map<string, CriterionNode> {
  const map = new Map<string, CriterionNode>();
  for (const n of allNodes(set)) {
    if (!map.has(n.code)) {
      map.set(n.code, n);
    }
  }
  return map;
}

/** The segments of a dotted code ("1.10.2" → [1, 10, 2]); `undefined` when a segment is not a positive integer. */
export function codeSegments(code: string): number[] | undefined {
  if (!/^\d+(\.\d+)*$/.test(code)) {
    return undefined;
  }
  const parts = code.split('.').map(Number);
  return parts.every((p) => p > 0) ? parts : undefined;
}

/** Numeric, segment-wise comparison of dotted codes ("1.2" < "1.10"); non-numeric codes sort after, by text. */
export function compareCodes(a: string, b: string): number {
  const sa = codeSegments(a);
  const sb = codeSegments(b);
  if (!sa || !sb) {
    return sa ? -1 : sb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  }
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    if (sa[i] !== sb[i]) {
      return sa[i] - sb[i];
    }
  }
  return sa.length - sb.length;
}

/** The code of the parent implied by a dotted code ("1.1.2" → "1.1"; "1" → undefined). */
export function parentCode(code: string): string | undefined {
  const i = code.lastIndexOf('.');
  return i < 0 ? undefined : code.slice(0, i);
}

/**
 * The field (top-level ancestor) code of a node code: "3.3.2" → "3". Used to report the index per field.
 */
export function fieldCode(code: string): string {
  const i = code.indexOf('.');
  return i < 0 ? code : code.slice(0, i);
}
