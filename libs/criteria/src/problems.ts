/**
 * Building and presenting {@link Problem}s. Every problem names the criterion code, the field and what is
 * wrong, in Vietnamese and English, so a secretariat officer can fix the sheet without reading code.
 */
import type { Problem, Severity, SourceLocation } from './types';

/** Where a problem is: criterion code, field, and the source location. */
export interface ProblemAt extends SourceLocation {
  code?: string;
  field?: string;
}

/** Create a problem. `vi` and `en` are complete sentences. */
export function problem(kind: string, at: ProblemAt, vi: string, en: string, severity: Severity = 'error'): Problem {
  const p: Problem = { severity, kind, message: en, messageVi: vi };
  if (at.code !== undefined) {
    p.code = at.code;
  }
  if (at.field !== undefined) {
    p.field = at.field;
  }
  if (at.row !== undefined) {
    p.row = at.row;
  }
  if (at.line !== undefined) {
    p.line = at.line;
  }
  return p;
}

/** True when at least one problem is an error (warnings do not block an import). */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/**
 * One line per problem for a terminal or a log: `[lỗi] dòng 12 · 1.1.2 · maxPoints: …`.
 * `lang` picks the message language.
 */
export function formatProblem(p: Problem, lang: 'vi' | 'en' = 'vi'): string {
  const parts: string[] = [];
  if (p.row !== undefined) {
    parts.push(lang === 'vi' ? `dòng ${p.row}` : `row ${p.row}`);
  }
  if (p.line !== undefined) {
    parts.push(lang === 'vi' ? `dòng ${p.line}` : `line ${p.line}`);
  }
  if (p.code !== undefined) {
    parts.push(p.code);
  }
  if (p.field !== undefined) {
    parts.push(p.field);
  }
  const sev = p.severity === 'error' ? (lang === 'vi' ? 'lỗi' : 'error') : lang === 'vi' ? 'cảnh báo' : 'warning';
  return `[${sev}] ${parts.join(' · ')}${parts.length ? ': ' : ''}${lang === 'vi' ? p.messageVi : p.message}`;
}

/** Sort problems by location (row, then line), keeping the original order among equals. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.row ?? a.p.line ?? 0) - (b.p.row ?? b.p.line ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}
