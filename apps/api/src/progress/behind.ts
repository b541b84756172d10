/**
 * "Ai đang chậm?": which units and tasks are behind, and how. Pure: the service reads the rows and the
 * windows (a sheet's own extended deadline included), this only classifies them.
 */

export const SHEET_BEHIND_KINDS = ['overdue', 'inClarification', 'atRisk', 'notSubmitted'] as const;
export const TASK_BEHIND_KINDS = ['overdue', 'inClarification', 'atRisk', 'unclaimed'] as const;
export type SheetBehindKind = (typeof SHEET_BEHIND_KINDS)[number];
export type TaskBehindKind = (typeof TASK_BEHIND_KINDS)[number];

const DAY = 24 * 3600;
/** Not submitted with this little left is at risk whatever has been scored. */
export const SHEET_AT_RISK_SECONDS = 3 * DAY;
/** Not submitted, less than half its criteria scored, with this little left: at risk too. */
export const SHEET_HALF_SCORED_SECONDS = 7 * DAY;
/** A task not completed with this little left is at risk. */
export const TASK_AT_RISK_SECONDS = 2 * DAY;

/** The Vietnamese name of each kind, shared by the dashboard's api and the .xlsx export. */
export const BEHIND_KIND_NAMES: Record<SheetBehindKind | TaskBehindKind, string> = {
  overdue: 'Quá hạn',
  inClarification: 'Đang giải trình',
  atRisk: 'Có nguy cơ trễ hạn',
  notSubmitted: 'Chưa nộp',
  unclaimed: 'Chưa có người nhận',
};

export interface SheetFactsForBehind {
  submitted: boolean;
  /** The sheet's self-assessment window (its own deadline when extended) has closed. */
  closed: boolean;
  secondsLeft: number;
  /** Self-scored leaves and leaves to score. */
  scored: number;
  leaves: number;
  openClarifications: number;
}

/** A sheet's kind, or null when it is not behind (submitted and nothing open). */
export function classifySheet(s: SheetFactsForBehind): SheetBehindKind | null {
  // A clarification is asked of a submitted sheet: the unit owes an answer whatever the deadline says.
  if (s.openClarifications > 0) {
    return 'inClarification';
  }
  if (s.submitted) {
    return null;
  }
  if (s.closed) {
    return 'overdue';
  }
  const lessThanHalf = s.scored * 2 < s.leaves;
  if (s.secondsLeft <= SHEET_AT_RISK_SECONDS || (lessThanHalf && s.secondsLeft <= SHEET_HALF_SCORED_SECONDS)) {
    return 'atRisk';
  }
  return 'notSubmitted';
}

export interface TaskFactsForBehind {
  /** The appraisalTask machine state: open, claimed, inReview, awaitingClarification, completed. */
  state: string;
  completed: boolean;
  dueAt: Date;
  openClarifications: number;
}

/**
 * A task's kind, or null when it is not behind (completed, or claimed with more than two days left).
 * Waiting on the unit comes first (the appraisers cannot act), then a passed due instant, then ≤ 2 days left,
 * then nobody having claimed it.
 */
export function classifyTask(t: TaskFactsForBehind, now: Date): TaskBehindKind | null {
  if (t.completed || t.state === 'completed') {
    return null;
  }
  if (t.openClarifications > 0 || t.state === 'awaitingClarification') {
    return 'inClarification';
  }
  const left = (t.dueAt.getTime() - now.getTime()) / 1000;
  if (left <= 0) {
    return 'overdue';
  }
  if (left <= TASK_AT_RISK_SECONDS) {
    return 'atRisk';
  }
  return t.state === 'open' ? 'unclaimed' : null;
}

/** Order for lists and exports: the worst kind first, then the group, then the name. */
export function behindOrder<T extends { kind: string; groupName: string; unitName: string }>(
  kinds: readonly string[],
): (a: T, b: T) => number {
  return (a, b) =>
    kinds.indexOf(a.kind) - kinds.indexOf(b.kind) ||
    a.groupName.localeCompare(b.groupName, 'vi') ||
    a.unitName.localeCompare(b.unitName, 'vi');
}
