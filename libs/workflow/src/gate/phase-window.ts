/**
 * The phase gate's judgement, pure: given what the database holds about a campaign at one instant (read in
 * the write transaction, the instant being `UTC_TIMESTAMP(6)`), is a phase open, and if not, since when and
 * why. Every writer and every deadline view asks this one function family; nothing else decides.
 *
 * A phase closes at the earliest of:
 * - its deadline in force (the machine context follows every extension) — `deadline`;
 * - an early close by the secretariat (the `phase_locks` row written in the close's transaction) — `closedEarly`;
 * - the decision that ends it (the council's approval ends council review, the publication ends approval) —
 *   `completed`.
 * A sheet's self-assessment closes at its own deadline in force (the campaign's, or the unit's extension), or at
 * the early close unless the unit was extended after it.
 *
 * Every deadline instant is millisecond-aligned (machine context keeps canonical ISO instants), so comparing
 * with the database clock truncated to milliseconds is exact.
 */
import { PHASES, phaseIndex, type Phase } from '@lib/criteria';

export type ClosedBy = 'deadline' | 'closedEarly' | 'completed';

/** A window that may close: a campaign phase, or a clarification request's own window. */
export type WindowName = Phase | 'clarification';

export interface Closure {
  at: Date;
  by: ClosedBy;
}

/** What the gate knows about one campaign at one instant. */
export interface CampaignFacts {
  campaignId: number;
  timezone: string;
  /** The campaign machine's state: `draft`, a phase, `published`, `archived`. */
  state: string;
  /** Each phase's deadline in force and its generation. */
  deadlines: Record<Phase, { dueAt: Date; generation: number }>;
  /** Phases closed early by the secretariat, with the instant. */
  closedEarly: Partial<Record<Phase, Date>>;
  /** When the council approved (ends council review), if it has. */
  councilApprovedAt: Date | null;
  /** When the results were first published (ends approval), if they have been. */
  publishedAt: Date | null;
  /** The database clock. */
  now: Date;
}

/** A sheet's own self-assessment deadline (the campaign's, or the unit's latest extension). */
export interface SheetFacts {
  dueAt: Date;
  generation: number;
  extended: boolean;
  /** When the extension was granted; null when not extended or granted before this was recorded. */
  grantedAt: Date | null;
}

/** One window as the gate sees it. */
export interface PhaseWindow {
  phase: WindowName;
  dueAt: Date;
  generation: number;
  /** The campaign has entered this phase (or gone past it). */
  started: boolean;
  closed: Closure | null;
}

/** -1 in draft, the phase index inside a phase, 4 once published or archived. */
export function stageOf(state: string): number {
  const index = (PHASES as readonly string[]).indexOf(state);
  if (index >= 0) {
    return index;
  }
  return state === 'published' || state === 'archived' ? PHASES.length : -1;
}

function earliest(candidates: Array<Closure | null>): Closure | null {
  let first: Closure | null = null;
  for (const c of candidates) {
    if (c && (!first || c.at.getTime() < first.at.getTime())) {
      first = c;
    }
  }
  return first;
}

/**
 * The decision that ends a phase, once the campaign has gone past it: the council's approval ends council
 * review, the first publication ends approval. (Self-assessment and appraisal end by deadline or early close.)
 */
function completion(facts: CampaignFacts, phase: Phase): Closure | null {
  if (stageOf(facts.state) <= phaseIndex(phase)) {
    return null;
  }
  const at = phase === 'councilReview' ? facts.councilApprovedAt : phase === 'approval' ? facts.publishedAt : null;
  return at ? { at, by: 'completed' } : null;
}

/** A campaign phase at `facts.now`. */
export function phaseWindow(facts: CampaignFacts, phase: Phase): PhaseWindow {
  const { dueAt, generation } = facts.deadlines[phase];
  const early = facts.closedEarly[phase];
  return {
    phase,
    dueAt,
    generation,
    started: stageOf(facts.state) >= phaseIndex(phase),
    closed: earliest([
      early ? { at: early, by: 'closedEarly' } : null,
      facts.now.getTime() >= dueAt.getTime() ? { at: dueAt, by: 'deadline' } : null,
      completion(facts, phase),
    ]),
  };
}

/** Every phase of the campaign, in order: what the deadline views list. */
export function phaseWindows(facts: CampaignFacts): PhaseWindow[] {
  return PHASES.map((phase) => phaseWindow(facts, phase));
}

/**
 * A unit's self-assessment: its own deadline in force, and the secretariat's early close unless the unit was
 * extended after that close (an extension granted later reopens that one unit until its new deadline).
 */
export function sheetWindow(facts: CampaignFacts, sheet: SheetFacts): PhaseWindow {
  const early = facts.closedEarly.selfAssessment;
  const extendedAfterClose = early !== undefined && sheet.grantedAt !== null && sheet.grantedAt > early;
  const own: PhaseWindow = {
    phase: 'selfAssessment',
    dueAt: sheet.dueAt,
    generation: sheet.generation,
    started: stageOf(facts.state) >= 0,
    closed: earliest([
      early && !extendedAfterClose ? { at: early, by: 'closedEarly' } : null,
      facts.now.getTime() >= sheet.dueAt.getTime() ? { at: sheet.dueAt, by: 'deadline' } : null,
    ]),
  };
  // A late unit's extension never outlives the appraisal phase: its sheet could no longer be appraised.
  const appraisal = phaseWindow(facts, 'appraisal');
  return appraisal.closed && (!own.closed || appraisal.closed.at < own.closed.at)
    ? { ...appraisal, started: true }
    : own;
}

/** A clarification request: open until its own due instant, and never beyond the appraisal phase. */
export function clarificationWindow(facts: CampaignFacts, dueAt: Date): PhaseWindow {
  const appraisal = phaseWindow(facts, 'appraisal');
  const own: Closure | null = facts.now.getTime() >= dueAt.getTime() ? { at: dueAt, by: 'deadline' } : null;
  const closed = earliest([appraisal.closed, own]);
  return closed && closed === appraisal.closed
    ? appraisal
    : { phase: 'clarification', dueAt, generation: 1, started: appraisal.started, closed };
}

/** Seconds left before the window closes (0 once closed). */
export function secondsLeft(window: PhaseWindow, now: Date): number {
  return window.closed ? 0 : Math.max(0, Math.floor((window.dueAt.getTime() - now.getTime()) / 1000));
}
