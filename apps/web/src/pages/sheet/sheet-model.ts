/** The sheet page's types and pure helpers: rows, edits and why a row cannot be saved yet. */
import { useEffect, useState } from 'react';
import type { Schemas } from '../../api/client';
import { formatNumber, parseNumber } from '../../lib/format';

export type Sheet = Schemas['SheetView'];
export type Node = Schemas['SheetNodeView'];
export type Inputs = Schemas['RuleInputDto'];
export type EvidenceRef = Schemas['EvidenceRefView'];
export type SubmitProblem = Schemas['SubmissionProblemView'];

export interface Edit {
  selfPoints: string;
  inputs: Inputs | null;
  explanation: string;
}

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'error'; error: unknown };

/** Ant Design's tree table wants `children` undefined (not []) on leaves. */
export type Row = Omit<Node, 'children'> & { children?: Row[] };

export function leaves(nodes: Node[]): Node[] {
  return nodes.flatMap((n) => (n.leaf ? [n] : leaves(n.children ?? [])));
}

export function treeRows(nodes: Node[]): Row[] {
  return nodes.map((n) => ({ ...n, children: n.leaf || !n.children?.length ? undefined : treeRows(n.children) }));
}

export function editOf(n: Row): Edit {
  return {
    selfPoints: n.selfPoints === null || n.selfPoints === undefined ? '' : formatNumber(n.selfPoints, 3),
    inputs: (n.inputs as Inputs | null) ?? null,
    explanation: n.explanation ?? '',
  };
}

/**
 * Why a row cannot be saved yet (the server's own checks, mirrored so autosave does not send a half-typed row):
 * a score must be a number within 0..max, one of the levels for a `levels` rule, and come with evidence or an
 * explanation. Undefined when the row is ready.
 */
export function notReady(leaf: Node, edit: Edit, lang: 'vi' | 'en'): string | undefined {
  // A rate needs both its numbers before the rule can decide (the server refuses half of it).
  const inputs = edit.inputs;
  if (
    leaf.rule?.kind === 'proportional' &&
    inputs &&
    (inputs.numerator === undefined) !== (inputs.denominator === undefined)
  ) {
    return lang === 'vi' ? 'Nhập cả tử số và mẫu số' : 'Enter both numbers of the rate';
  }
  const text = edit.selfPoints.trim();
  if (text === '') {
    return undefined;
  }
  const n = parseNumber(text);
  if (n === undefined || n < 0 || n > leaf.maxPoints) {
    return lang === 'vi'
      ? `Điểm phải từ 0 đến ${formatNumber(leaf.maxPoints)}`
      : `Points must be 0 to ${formatNumber(leaf.maxPoints)}`;
  }
  const levels = leaf.rule?.kind === 'levels' ? (leaf.rule.options ?? []).map((o) => o.points) : [];
  if (levels.length > 0 && !levels.some((p) => Math.abs(p - n) < 0.0005)) {
    return lang === 'vi'
      ? `Điểm phải là một mức: ${levels.map((p) => formatNumber(p)).join('; ')}`
      : `Points must be a level: ${levels.join('; ')}`;
  }
  if ((leaf.evidence ?? []).length === 0 && edit.explanation.trim() === '') {
    return lang === 'vi' ? 'Cần tài liệu kiểm chứng hoặc giải thích cách tính' : 'Needs evidence or an explanation';
  }
  return undefined;
}

export function useTicker(ms: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

/** Scroll the sheet to a criterion's row (table row or phone card) and put the cursor in its first field. */
export function goToRow(code: string): void {
  const row = document.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(code)}"]`);
  if (!row) {
    return;
  }
  row.scrollIntoView({ block: 'center' });
  row.querySelector<HTMLElement>('input:not([disabled]), textarea:not([disabled]), .ant-select-selector')?.focus();
}

/** Unsaved edits of a sheet kept in this browser (localStorage) until the server confirms them. */
const pendingKey = (sheetId: number) => `par.sheet.${sheetId}.pending`;

export function readPending(sheetId: number): Record<string, Edit> {
  try {
    return JSON.parse(localStorage.getItem(pendingKey(sheetId)) ?? '{}') as Record<string, Edit>;
  } catch {
    return {};
  }
}

export function writePending(sheetId: number, edits: Record<string, Edit>): void {
  if (Object.keys(edits).length === 0) {
    clearPending(sheetId);
  } else {
    localStorage.setItem(pendingKey(sheetId), JSON.stringify(edits));
  }
}

function clearPending(sheetId: number): void {
  localStorage.removeItem(pendingKey(sheetId));
}

/** Rule kinds whose inputs decide the points: choosing is scoring for them. */
export const DECIDING_KINDS = new Set([
  'levels',
  'checklist',
  'bands',
  'proportional',
  'perOccurrence',
  'noOccurrenceFullMarks',
]);

/**
 * The edit after the rule's inputs changed: a level carries its points and a checklist is the sum of the items met
 * (the rule's cap at the leaf's max), so the score is set at once; for the rules that need the rule's numbers
 * (bands, rates, occurrences) the score is cleared and filled from the server's suggestion once the inputs are saved.
 */
export function withInputs(leaf: Node, edit: Edit, inputs: Inputs): Edit {
  const kind = leaf.rule?.kind ?? 'manual';
  if (!DECIDING_KINDS.has(kind)) {
    return { ...edit, inputs };
  }
  const options = leaf.rule?.options ?? [];
  const milli =
    kind === 'levels'
      ? options.filter((o) => o.key === inputs.level).map((o) => Math.round(o.points * 1000))[0]
      : kind === 'checklist'
        ? Math.min(
            Math.round(leaf.maxPoints * 1000),
            options.filter((o) => inputs.met?.includes(o.key)).reduce((a, o) => a + Math.round(o.points * 1000), 0),
          )
        : undefined;
  return { ...edit, inputs, selfPoints: milli === undefined ? '' : formatNumber(milli / 1000, 3) };
}

/** The self scores a leaf's rule allows, in words, shown next to the score input ("0; 1; 2" or "0 đến 3"). */
export function allowedText(leaf: Node, t: (vi: string, en: string) => string): string {
  const allowed = leaf.rule?.allowed;
  if (allowed && allowed.length > 0) {
    return allowed.map((p) => formatNumber(p)).join('; ');
  }
  return `${formatNumber(leaf.rule?.lowest ?? 0)} ${t('đến', 'to')} ${formatNumber(leaf.maxPoints)}`;
}

/** A scored leaf without evidence needs its explanation (the submit check's rule): the prompt appears only then. */
export function needsExplanation(leaf: Node, edit: Edit | undefined): boolean {
  return (
    leaf.rule?.kind !== 'survey' &&
    (leaf.evidence ?? []).length === 0 &&
    (edit?.selfPoints ?? '').trim() !== '' &&
    (edit?.explanation ?? '').trim() === ''
  );
}
