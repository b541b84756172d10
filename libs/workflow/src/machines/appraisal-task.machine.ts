/**
 * The appraisal task (nhiệm vụ thẩm định) of one unit's sheet × one content area, in the appraisers' inbox.
 *
 * open ⇄ claimed → inReview ⇄ awaitingClarification; inReview → completed → (council reopens) inReview
 *
 * A clarification has its own deadline: `clarification.requested {dueAt}` schedules
 * `clarification.deadlineReached {generation}`; when it arrives first the review resumes without the
 * answer (`clarification.expired`). Counters in context make every effect key unique per occurrence.
 */
import { assign, setup } from 'xstate';
import { effect, effectKey, scheduleDeadline, type Effect } from './effects';
import { invalidInput } from './errors';
import type { PersistedSnapshot } from './snapshot';
import { canonicalInstant, identifier, isText } from './values';

export interface TaskClarification {
  dueAt: string;
  generation: number;
}

export interface AppraisalTaskContext {
  taskId: string;
  campaignId: string;
  sheetId: string;
  contentArea: string;
  /** The appraiser holding the task (claimed or assigned), or null while open. */
  assignee: string | null;
  /** Who assigned it (a supervisor), null when claimed by the assignee. */
  assignedBy: string | null;
  /** The clarification being waited for, or null. Its generation is the clarification round. */
  clarification: TaskClarification | null;
  assignments: number;
  clarificationRounds: number;
  completions: number;
  reopenings: number;
}

/** Input of `startInstance('appraisalTask', input)`. */
export interface AppraisalTaskInput {
  taskId: string | number;
  campaignId: string | number;
  sheetId: string | number;
  contentArea: string;
}

export type AppraisalTaskEvent =
  | { type: 'task.claimed'; userId: string }
  | { type: 'task.unclaimed' }
  | { type: 'task.assigned'; userId: string; by: string }
  | { type: 'review.started' }
  | { type: 'clarification.requested'; dueAt: string }
  | { type: 'clarification.answered' }
  | { type: 'clarification.deadlineReached'; generation: number }
  | { type: 'task.completed' }
  | { type: 'task.reopened'; by: string; reason?: string };

function parseAppraisalTaskInput(input: unknown): AppraisalTaskContext {
  const raw = (input ?? {}) as Partial<Record<keyof AppraisalTaskInput, unknown>>;
  const ids = {
    taskId: identifier(raw.taskId),
    campaignId: identifier(raw.campaignId),
    sheetId: identifier(raw.sheetId),
  };
  for (const [field, value] of Object.entries(ids)) {
    if (value === undefined) {
      throw invalidInput(
        'appraisalTask',
        `${field} must be an identifier (letters, digits, _ . -) or a non-negative integer`,
      );
    }
  }
  if (!isText(raw.contentArea)) {
    throw invalidInput('appraisalTask', 'contentArea must be a non-empty string');
  }
  return {
    taskId: ids.taskId as string,
    campaignId: ids.campaignId as string,
    sheetId: ids.sheetId as string,
    contentArea: raw.contentArea,
    assignee: null,
    assignedBy: null,
    clarification: null,
    assignments: 0,
    clarificationRounds: 0,
    completions: 0,
    reopenings: 0,
  };
}

const keyPrefix = (context: AppraisalTaskContext): string => effectKey('task', context.taskId);
const taskIds = (context: AppraisalTaskContext) => ({
  taskId: context.taskId,
  campaignId: context.campaignId,
  sheetId: context.sheetId,
  contentArea: context.contentArea,
});

const field = (event: AppraisalTaskEvent, name: string): unknown => (event as unknown as Record<string, unknown>)[name];

const emitAssigned = {
  type: 'emit',
  params: ({ context }: { context: AppraisalTaskContext }) =>
    effect('task.assigned', effectKey(keyPrefix(context), 'assigned', context.assignments), {
      ...taskIds(context),
      userId: context.assignee,
      by: context.assignedBy,
    }),
} as const;

export const appraisalTaskMachine = setup({
  types: {
    context: {} as AppraisalTaskContext,
    events: {} as AppraisalTaskEvent,
    input: {} as AppraisalTaskInput,
  },
  actions: {
    /** Effect carrier: never executed; collected by `stepInstance`. */
    emit: (_: unknown, _effect: Effect) => undefined,
    recordClaim: assign({ assignee: ({ event }) => field(event, 'userId') as string, assignedBy: null }),
    recordAssignment: assign({
      assignee: ({ event }) => field(event, 'userId') as string,
      assignedBy: ({ event }) => field(event, 'by') as string,
      assignments: ({ context }) => context.assignments + 1,
    }),
    clearAssignee: assign({ assignee: null, assignedBy: null }),
    openClarification: assign({
      clarificationRounds: ({ context }) => context.clarificationRounds + 1,
      clarification: ({ context, event }) => ({
        dueAt: canonicalInstant(field(event, 'dueAt')) as string,
        generation: context.clarificationRounds + 1,
      }),
    }),
    closeClarification: assign({ clarification: null }),
    countCompletion: assign({ completions: ({ context }) => context.completions + 1 }),
    countReopening: assign({ reopenings: ({ context }) => context.reopenings + 1 }),
  },
  guards: {
    /** Claiming is first come, first served: only an unassigned task can be claimed. */
    isUnassigned: ({ context, event }) => context.assignee === null && isText(field(event, 'userId')),
    /** A supervisor assignment names the assignee and the supervisor, and changes the assignee. */
    isReassignment: ({ context, event }) =>
      isText(field(event, 'userId')) && isText(field(event, 'by')) && field(event, 'userId') !== context.assignee,
    hasClarificationDue: ({ event }) => canonicalInstant(field(event, 'dueAt')) !== undefined,
    isCurrentClarificationDeadline: ({ context, event }) =>
      event.type === 'clarification.deadlineReached' &&
      context.clarification !== null &&
      event.generation === context.clarification.generation,
    isNamedReopening: ({ event }) => isText(field(event, 'by')),
  },
}).createMachine({
  id: 'appraisalTask',
  version: '1',
  context: ({ input }) => parseAppraisalTaskInput(input),
  initial: 'open',
  states: {
    open: {
      on: {
        'task.claimed': { guard: 'isUnassigned', target: 'claimed', actions: 'recordClaim' },
        'task.assigned': { guard: 'isReassignment', target: 'claimed', actions: ['recordAssignment', emitAssigned] },
      },
    },
    claimed: {
      on: {
        'task.unclaimed': { target: 'open', actions: 'clearAssignee' },
        'task.assigned': { guard: 'isReassignment', actions: ['recordAssignment', emitAssigned] },
        'review.started': { target: 'inReview' },
      },
    },
    inReview: {
      on: {
        'task.assigned': { guard: 'isReassignment', actions: ['recordAssignment', emitAssigned] },
        'clarification.requested': {
          guard: 'hasClarificationDue',
          target: 'awaitingClarification',
          actions: [
            'openClarification',
            {
              type: 'emit',
              params: ({ context }) =>
                effect(
                  'clarification.requested',
                  effectKey(keyPrefix(context), 'clarification', context.clarificationRounds, 'requested'),
                  {
                    ...taskIds(context),
                    round: context.clarificationRounds,
                    dueAt: context.clarification?.dueAt ?? null,
                  },
                ),
            },
            {
              type: 'emit',
              params: ({ context }) => {
                const { dueAt, generation } = context.clarification as TaskClarification;
                return scheduleDeadline(keyPrefix(context), taskIds(context), {
                  phase: 'clarification',
                  dueAt,
                  generation,
                  event: { type: 'clarification.deadlineReached', generation },
                });
              },
            },
          ],
        },
        'task.completed': {
          target: 'completed',
          actions: [
            'countCompletion',
            {
              type: 'emit',
              params: ({ context }) =>
                effect('task.completed', effectKey(keyPrefix(context), 'completed', context.completions), {
                  ...taskIds(context),
                  completedBy: context.assignee,
                  round: context.completions,
                }),
            },
          ],
        },
      },
    },
    awaitingClarification: {
      on: {
        'clarification.answered': { target: 'inReview', actions: 'closeClarification' },
        'clarification.deadlineReached': {
          guard: 'isCurrentClarificationDeadline',
          target: 'inReview',
          actions: [
            {
              type: 'emit',
              params: ({ context }) => {
                const { dueAt, generation } = context.clarification as TaskClarification;
                return effect(
                  'clarification.expired',
                  effectKey(keyPrefix(context), 'clarification', generation, 'expired'),
                  {
                    ...taskIds(context),
                    round: generation,
                    dueAt,
                  },
                );
              },
            },
            'closeClarification',
          ],
        },
        'task.assigned': { guard: 'isReassignment', actions: ['recordAssignment', emitAssigned] },
      },
    },
    completed: {
      on: {
        'task.reopened': {
          guard: 'isNamedReopening',
          target: 'inReview',
          actions: [
            'countReopening',
            {
              type: 'emit',
              params: ({ context, event }) =>
                effect('task.reopened', effectKey(keyPrefix(context), 'reopened', context.reopenings), {
                  ...taskIds(context),
                  by: field(event, 'by'),
                  reason: isText(field(event, 'reason')) ? (field(event, 'reason') as string) : null,
                  round: context.reopenings,
                }),
            },
          ],
        },
      },
    },
  },
});

/** Whether the task can be claimed now (open and unassigned); pure, on the persisted snapshot. */
export function canClaim(snapshot: { value: unknown; context: Record<string, unknown> }): boolean {
  return snapshot.value === 'open' && snapshot.context.assignee === null;
}

/** The number of clarification rounds requested so far (the round of the latest request). */
export function clarificationRounds(snapshot: Pick<PersistedSnapshot, 'context'>): number {
  return (snapshot.context as unknown as AppraisalTaskContext).clarificationRounds;
}
