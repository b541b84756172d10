/**
 * The score sheet (biểu tự chấm điểm) of one unit in one campaign.
 *
 * draft ⇄ locked; draft → submitted → underAppraisal → clarificationRequested ⇄ clarified → appraised → final
 *
 * Locking is a **state**: when the self-assessment deadline of the sheet's current generation is reached
 * while the sheet is still a draft, it moves to `locked` (emitting `phase.locked`). An extension
 * (`extension.granted`, newer generation, later instant) moves a locked sheet back to `draft` and
 * re-schedules its deadline. Whether a write may happen now is the phase gate's answer (libs/workflow/src/gate),
 * which reads this machine's deadline in force through {@link selfAssessmentDeadline}.
 *
 * Each sheet schedules its own self-assessment deadline (on entering `draft`), so a per-unit extension
 * needs no campaign-wide change; a campaign-wide extension is one `extension.granted` per sheet.
 */
import { assign, setup } from 'xstate';
import { effect, effectKey, scheduleDeadline, type Effect } from './effects';
import { invalidInput } from './errors';
import type { PersistedSnapshot } from './snapshot';
import { canonicalInstant, identifier, instantMs, isBefore, isGeneration, isText } from './values';

export interface SheetDeadline {
  dueAt: string;
  generation: number;
}

/** An extension (gia hạn) of one sheet: the deadline and, since it is recorded, when it was granted. */
export interface SheetExtension extends SheetDeadline {
  /** The database instant the extension was granted; absent on extensions granted before it was recorded. */
  grantedAt?: string | null;
}

export interface ScoreSheetContext {
  sheetId: string;
  campaignId: string;
  unitId: string;
  /** The campaign's self-assessment deadline, generation 1. */
  selfAssessment: SheetDeadline;
  /** The latest extension granted to this sheet (later instant, higher generation), if any. */
  extension: SheetExtension | null;
  submittedAt: string | null;
  /** Content areas with an unanswered clarification request. */
  openClarifications: string[];
}

/** Input of `startInstance('scoreSheet', input)`. */
export interface ScoreSheetInput {
  sheetId: string | number;
  campaignId: string | number;
  unitId: string | number;
  selfAssessmentDueAt: string;
}

export type ScoreSheetEvent =
  | { type: 'sheet.submitted'; at: string }
  | { type: 'phase.deadlineReached'; phase: 'selfAssessment'; generation: number }
  /** The secretariat closed self-assessment early: a draft sheet locks at once (see the phase gate). */
  | { type: 'phase.closed'; phase: 'selfAssessment' }
  | { type: 'extension.granted'; dueAt: string; generation: number; at?: string }
  | { type: 'appraisal.started' }
  | { type: 'clarification.requested'; contentArea: string }
  | { type: 'clarification.answered'; contentArea: string }
  | { type: 'appraisal.completed' }
  | { type: 'appraisal.reopened' }
  | { type: 'council.finalised' };

function parseScoreSheetInput(input: unknown): ScoreSheetContext {
  const raw = (input ?? {}) as Partial<Record<keyof ScoreSheetInput, unknown>>;
  const ids = {
    sheetId: identifier(raw.sheetId),
    campaignId: identifier(raw.campaignId),
    unitId: identifier(raw.unitId),
  };
  for (const [field, value] of Object.entries(ids)) {
    if (value === undefined) {
      throw invalidInput(
        'scoreSheet',
        `${field} must be an identifier (letters, digits, _ . -) or a non-negative integer`,
      );
    }
  }
  const dueAt = canonicalInstant(raw.selfAssessmentDueAt);
  if (dueAt === undefined) {
    throw invalidInput('scoreSheet', 'selfAssessmentDueAt must be an ISO-8601 instant with an offset');
  }
  return {
    sheetId: ids.sheetId as string,
    campaignId: ids.campaignId as string,
    unitId: ids.unitId as string,
    selfAssessment: { dueAt, generation: 1 },
    extension: null,
    submittedAt: null,
    openClarifications: [],
  };
}

/** The deadline in force: the latest extension, else the campaign's. */
export function effectiveDeadline(context: ScoreSheetContext): SheetDeadline {
  return context.extension ?? context.selfAssessment;
}

const keyPrefix = (context: ScoreSheetContext): string => effectKey('sheet', context.sheetId);
const sheetIds = (context: ScoreSheetContext) => ({
  sheetId: context.sheetId,
  campaignId: context.campaignId,
  unitId: context.unitId,
});

function scheduleSelfAssessment(context: ScoreSheetContext): Effect {
  const { dueAt, generation } = effectiveDeadline(context);
  return scheduleDeadline(keyPrefix(context), sheetIds(context), {
    phase: 'selfAssessment',
    dueAt,
    generation,
    event: { type: 'phase.deadlineReached', phase: 'selfAssessment', generation },
  });
}

const contentAreaOf = (event: ScoreSheetEvent): unknown => (event as { contentArea?: unknown }).contentArea;

export const scoreSheetMachine = setup({
  types: {
    context: {} as ScoreSheetContext,
    events: {} as ScoreSheetEvent,
    input: {} as ScoreSheetInput,
  },
  actions: {
    /** Effect carrier: never executed; collected by `stepInstance`. */
    emit: (_: unknown, _effect: Effect) => undefined,
    recordSubmission: assign({
      submittedAt: ({ context, event }) =>
        event.type === 'sheet.submitted' ? (canonicalInstant(event.at) ?? null) : context.submittedAt,
    }),
    recordExtension: assign({
      extension: ({ context, event }) =>
        event.type === 'extension.granted'
          ? {
              dueAt: canonicalInstant(event.dueAt) ?? effectiveDeadline(context).dueAt,
              generation: event.generation,
              grantedAt: canonicalInstant(event.at) ?? null,
            }
          : context.extension,
    }),
    openClarification: assign({
      openClarifications: ({ context, event }) => [...context.openClarifications, contentAreaOf(event) as string],
    }),
    closeClarification: assign({
      openClarifications: ({ context, event }) =>
        context.openClarifications.filter((area) => area !== contentAreaOf(event)),
    }),
  },
  guards: {
    /** Submitted strictly before the deadline in force (the campaign's, or the latest extension). */
    isSubmittedInTime: ({ context, event }) =>
      event.type === 'sheet.submitted' && isBefore(event.at, effectiveDeadline(context).dueAt),
    /** The self-assessment deadline of the current generation; stale or duplicate events fail. */
    isCurrentDeadline: ({ context, event }) =>
      event.type === 'phase.deadlineReached' &&
      event.phase === 'selfAssessment' &&
      event.generation === effectiveDeadline(context).generation,
    isSelfAssessmentClosed: ({ event }) => event.type === 'phase.closed' && event.phase === 'selfAssessment',
    /**
     * A newer generation and a valid instant. Not necessarily after the campaign's own deadline: after an early
     * close, a unit may be given a few days that still end before the deadline the plan had (the api requires
     * the instant to lie ahead of the database clock).
     */
    isValidExtension: ({ context, event }) =>
      event.type === 'extension.granted' &&
      isGeneration(event.generation) &&
      event.generation > effectiveDeadline(context).generation &&
      instantMs(event.dueAt) !== undefined,
    isNewClarification: ({ context, event }) =>
      isText(contentAreaOf(event)) && !context.openClarifications.includes(contentAreaOf(event) as string),
    isOpenClarification: ({ context, event }) => context.openClarifications.includes(contentAreaOf(event) as string),
    isLastOpenClarification: ({ context, event }) =>
      context.openClarifications.length === 1 && context.openClarifications[0] === contentAreaOf(event),
  },
}).createMachine({
  id: 'scoreSheet',
  version: '1',
  context: ({ input }) => parseScoreSheetInput(input),
  initial: 'draft',
  states: {
    draft: {
      entry: { type: 'emit', params: ({ context }) => scheduleSelfAssessment(context) },
      on: {
        'sheet.submitted': {
          guard: 'isSubmittedInTime',
          target: 'submitted',
          actions: [
            'recordSubmission',
            {
              type: 'emit',
              params: ({ context }) =>
                effect('sheet.submitted', effectKey(keyPrefix(context), 'submitted'), {
                  ...sheetIds(context),
                  submittedAt: context.submittedAt,
                }),
            },
          ],
        },
        'phase.deadlineReached': {
          guard: 'isCurrentDeadline',
          target: 'locked',
          actions: {
            type: 'emit',
            params: ({ context }) => {
              const { dueAt, generation } = effectiveDeadline(context);
              return effect(
                'phase.locked',
                effectKey(keyPrefix(context), 'selfAssessment', 'locked', `g${generation}`),
                {
                  ...sheetIds(context),
                  phase: 'selfAssessment',
                  dueAt,
                  generation,
                },
              );
            },
          },
        },
        'phase.closed': {
          guard: 'isSelfAssessmentClosed',
          target: 'locked',
          actions: {
            type: 'emit',
            params: ({ context }) => {
              const { dueAt, generation } = effectiveDeadline(context);
              return effect(
                'phase.locked',
                effectKey(keyPrefix(context), 'selfAssessment', 'locked', `g${generation}`),
                { ...sheetIds(context), phase: 'selfAssessment', dueAt, generation, reason: 'closedManually' },
              );
            },
          },
        },
        'extension.granted': {
          guard: 'isValidExtension',
          actions: ['recordExtension', { type: 'emit', params: ({ context }) => scheduleSelfAssessment(context) }],
        },
      },
    },
    locked: {
      on: {
        // Re-entering draft schedules the extended deadline (draft's entry effect).
        'extension.granted': { guard: 'isValidExtension', target: 'draft', actions: 'recordExtension' },
      },
    },
    submitted: {
      on: { 'appraisal.started': { target: 'underAppraisal' } },
    },
    underAppraisal: {
      on: {
        'clarification.requested': {
          guard: 'isNewClarification',
          target: 'clarificationRequested',
          actions: 'openClarification',
        },
        'appraisal.completed': { target: 'appraised' },
      },
    },
    clarificationRequested: {
      on: {
        'clarification.requested': { guard: 'isNewClarification', actions: 'openClarification' },
        'clarification.answered': [
          { guard: 'isLastOpenClarification', target: 'clarified', actions: 'closeClarification' },
          { guard: 'isOpenClarification', actions: 'closeClarification' },
        ],
      },
    },
    clarified: {
      on: {
        'clarification.requested': {
          guard: 'isNewClarification',
          target: 'clarificationRequested',
          actions: 'openClarification',
        },
        'appraisal.completed': { target: 'appraised' },
      },
    },
    appraised: {
      on: {
        'council.finalised': { target: 'final' },
        // The council reopened an appraisal task: the sheet is under appraisal again until it completes.
        'appraisal.reopened': { target: 'underAppraisal' },
      },
    },
    final: { type: 'final' },
  },
});

const sheetContextOf = (snapshot: Pick<PersistedSnapshot, 'context'>): ScoreSheetContext =>
  snapshot.context as unknown as ScoreSheetContext;

/** Whether the unit may answer a clarification (of `contentArea`, when given): only in `clarificationRequested`. */
export function canAnswerClarification(
  snapshot: Pick<PersistedSnapshot, 'value' | 'context'>,
  contentArea?: string,
): boolean {
  if (snapshot.value !== 'clarificationRequested') {
    return false;
  }
  return contentArea === undefined || sheetContextOf(snapshot).openClarifications.includes(contentArea);
}

/**
 * The self-assessment deadline in force for a sheet: the campaign's, or the latest extension with the instant
 * it was granted (null when not recorded). The phase gate reads it; services never cast the context.
 */
export function selfAssessmentDeadline(
  snapshot: Pick<PersistedSnapshot, 'context'>,
): SheetDeadline & { extended: boolean; grantedAt: string | null } {
  const context = sheetContextOf(snapshot);
  const { dueAt, generation } = effectiveDeadline(context);
  return { dueAt, generation, extended: context.extension !== null, grantedAt: context.extension?.grantedAt ?? null };
}
