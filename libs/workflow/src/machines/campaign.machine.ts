/**
 * The campaign (đợt đánh giá): one yearly PAR Index run of an authority, from drafting the plan to the
 * archived publication. Phase deadlines are data in context and arrive as external events
 * (`phase.deadlineReached`) from durable delayed jobs — never XState `after`.
 *
 * draft → selfAssessment → appraisal (consolidation & appraisal) → councilReview → approval → published → archived
 */
import { PHASES, isPhase, phaseIndex, type Phase } from '@lib/criteria';
import { assign, setup } from 'xstate';
import { effect, effectKey, scheduleDeadline, type Effect } from './effects';
import { invalidInput } from './errors';
import type { PersistedSnapshot } from './snapshot';
import { canonicalInstant, identifier, instantMs, isGeneration, isText } from './values';

/** A phase deadline: an absolute instant (ISO, UTC) and the generation that bumps on every change. */
export interface PhaseDeadline {
  dueAt: string;
  generation: number;
  /** The deadline event of this generation has been accepted (for phases that do not close by deadline). */
  reached: boolean;
}

export interface ApprovalRecord {
  by: string | null;
  at: string | null;
}

export interface CampaignContext {
  campaignId: string;
  phases: Record<Phase, PhaseDeadline>;
  approvals: { council: ApprovalRecord | null; leadership: ApprovalRecord | null };
  publicationId: string | null;
}

/** Input of `startInstance('campaign', input)`: one ISO instant per phase, non-decreasing. */
export interface CampaignInput {
  campaignId: string | number;
  deadlines: Record<Phase, string>;
}

export type CampaignEvent =
  | { type: 'campaign.opened' }
  | { type: 'phase.deadlineReached'; phase: Phase; generation: number }
  | { type: 'phase.closed'; phase: Phase; by?: string }
  | { type: 'deadline.extended'; phase: Phase; dueAt: string; generation: number }
  | { type: 'council.approved'; by?: string; at?: string }
  | { type: 'leadership.approved'; by?: string; at?: string }
  | { type: 'campaign.published'; publicationId: string | number }
  | { type: 'campaign.archived' };

function parseCampaignInput(input: unknown): CampaignContext {
  const raw = (input ?? {}) as Partial<CampaignInput>;
  const campaignId = identifier(raw.campaignId);
  if (campaignId === undefined) {
    throw invalidInput(
      'campaign',
      'campaignId must be an identifier (letters, digits, _ . -) or a non-negative integer',
    );
  }
  const deadlines = (raw.deadlines ?? {}) as Partial<Record<Phase, unknown>>;
  let previous = -Infinity;
  const phases = {} as Record<Phase, PhaseDeadline>;
  for (const phase of PHASES) {
    const dueAt = canonicalInstant(deadlines[phase]);
    if (dueAt === undefined) {
      throw invalidInput('campaign', `deadlines.${phase} must be an ISO-8601 instant with an offset`);
    }
    const ms = instantMs(dueAt) ?? NaN;
    if (ms < previous) {
      throw invalidInput('campaign', `deadlines.${phase} is before the deadline of the previous phase`);
    }
    previous = ms;
    phases[phase] = { dueAt, generation: 1, reached: false };
  }
  return { campaignId, phases, approvals: { council: null, leadership: null }, publicationId: null };
}

const keyPrefix = (context: CampaignContext): string => effectKey('campaign', context.campaignId);

const approvalFrom = (event: CampaignEvent): ApprovalRecord => {
  const { by, at } = event as { by?: unknown; at?: unknown };
  return { by: isText(by) ? by : null, at: canonicalInstant(at) ?? null };
};

export const campaignMachine = setup({
  types: {
    context: {} as CampaignContext,
    events: {} as CampaignEvent,
    input: {} as CampaignInput,
  },
  actions: {
    /** Effect carrier: never executed; collected by `stepInstance`. */
    emit: (_: unknown, _effect: Effect) => undefined,
    markDeadlineReached: assign({
      phases: ({ context, event }) => {
        if (event.type !== 'phase.deadlineReached') {
          return context.phases;
        }
        return { ...context.phases, [event.phase]: { ...context.phases[event.phase], reached: true } };
      },
    }),
    moveDeadline: assign({
      phases: ({ context, event }) => {
        if (event.type !== 'deadline.extended') {
          return context.phases;
        }
        const dueAt = canonicalInstant(event.dueAt) ?? context.phases[event.phase].dueAt;
        return { ...context.phases, [event.phase]: { dueAt, generation: event.generation, reached: false } };
      },
    }),
    recordCouncilApproval: assign({
      approvals: ({ context, event }) => ({ ...context.approvals, council: approvalFrom(event) }),
    }),
    recordLeadershipApproval: assign({
      approvals: ({ context, event }) => ({ ...context.approvals, leadership: approvalFrom(event) }),
    }),
    recordPublication: assign({
      publicationId: ({ context, event }) =>
        event.type === 'campaign.published' ? (identifier(event.publicationId) ?? null) : context.publicationId,
    }),
  },
  guards: {
    /** A deadline event for this phase, of the current generation, not yet accepted. Anything else is stale. */
    isCurrentDeadline: ({ context, event }, params: { phase: Phase }) =>
      event.type === 'phase.deadlineReached' &&
      event.phase === params.phase &&
      event.generation === context.phases[params.phase].generation &&
      !context.phases[params.phase].reached,
    /** A manual close names the phase it closes, so a repeated click cannot close the next one. */
    isClosingPhase: ({ event }, params: { phase: Phase }) =>
      event.type === 'phase.closed' && event.phase === params.phase,
    /** A deadline change for one of `params.phases`, with a newer generation and a valid instant. */
    isDeadlineChange: ({ context, event }, params: { phases: readonly Phase[] }) =>
      event.type === 'deadline.extended' &&
      isPhase(event.phase) &&
      params.phases.includes(event.phase) &&
      isGeneration(event.generation) &&
      event.generation > context.phases[event.phase].generation &&
      canonicalInstant(event.dueAt) !== undefined,
    isLeadershipPending: ({ context }) => context.approvals.leadership === null,
    /** Publication needs both the council's and the leadership's approval, and a publication id. */
    canPublish: ({ context, event }) =>
      context.approvals.council !== null &&
      context.approvals.leadership !== null &&
      event.type === 'campaign.published' &&
      identifier(event.publicationId) !== undefined,
  },
}).createMachine({
  id: 'campaign',
  version: '1',
  context: ({ input }) => parseCampaignInput(input),
  initial: 'draft',
  states: {
    draft: {
      on: {
        'campaign.opened': { target: 'selfAssessment' },
        'deadline.extended': {
          guard: { type: 'isDeadlineChange', params: { phases: PHASES } },
          actions: 'moveDeadline',
        },
      },
    },
    selfAssessment: {
      entry: { type: 'emit', params: ({ context }) => scheduleFor(context, 'selfAssessment') },
      on: {
        'phase.deadlineReached': {
          guard: { type: 'isCurrentDeadline', params: { phase: 'selfAssessment' } },
          target: 'appraisal',
          actions: [
            'markDeadlineReached',
            { type: 'emit', params: ({ context }) => lockFor(context, 'selfAssessment', 'deadlineReached') },
          ],
        },
        'phase.closed': {
          guard: { type: 'isClosingPhase', params: { phase: 'selfAssessment' } },
          target: 'appraisal',
          actions: { type: 'emit', params: ({ context }) => lockFor(context, 'selfAssessment', 'closedManually') },
        },
        'deadline.extended': deadlineChanges('selfAssessment'),
      },
    },
    appraisal: {
      entry: { type: 'emit', params: ({ context }) => scheduleFor(context, 'appraisal') },
      on: {
        'phase.deadlineReached': {
          guard: { type: 'isCurrentDeadline', params: { phase: 'appraisal' } },
          target: 'councilReview',
          actions: [
            'markDeadlineReached',
            { type: 'emit', params: ({ context }) => lockFor(context, 'appraisal', 'deadlineReached') },
          ],
        },
        'phase.closed': {
          guard: { type: 'isClosingPhase', params: { phase: 'appraisal' } },
          target: 'councilReview',
          actions: { type: 'emit', params: ({ context }) => lockFor(context, 'appraisal', 'closedManually') },
        },
        'deadline.extended': deadlineChanges('appraisal'),
      },
    },
    councilReview: {
      entry: { type: 'emit', params: ({ context }) => scheduleFor(context, 'councilReview') },
      on: {
        'phase.deadlineReached': {
          guard: { type: 'isCurrentDeadline', params: { phase: 'councilReview' } },
          actions: [
            'markDeadlineReached',
            { type: 'emit', params: ({ context }) => overdueFor(context, 'councilReview') },
          ],
        },
        'council.approved': { target: 'approval', actions: 'recordCouncilApproval' },
        'deadline.extended': deadlineChanges('councilReview'),
      },
    },
    approval: {
      entry: { type: 'emit', params: ({ context }) => scheduleFor(context, 'approval') },
      on: {
        'phase.deadlineReached': {
          guard: { type: 'isCurrentDeadline', params: { phase: 'approval' } },
          actions: ['markDeadlineReached', { type: 'emit', params: ({ context }) => overdueFor(context, 'approval') }],
        },
        'leadership.approved': { guard: 'isLeadershipPending', actions: 'recordLeadershipApproval' },
        'campaign.published': { guard: 'canPublish', target: 'published', actions: 'recordPublication' },
        'deadline.extended': deadlineChanges('approval'),
      },
    },
    published: {
      entry: {
        type: 'emit',
        params: ({ context }) =>
          effect('campaign.published', effectKey(keyPrefix(context), 'published'), {
            campaignId: context.campaignId,
            publicationId: context.publicationId,
          }),
      },
      on: { 'campaign.archived': { target: 'archived' } },
    },
    archived: { type: 'final' },
  },
});

/**
 * `deadline.extended` while in `current`: a change of the current phase re-schedules its deadline job;
 * a change of a later phase only updates context (its job is scheduled when the phase is entered).
 */
function deadlineChanges(current: Phase) {
  return [
    {
      guard: { type: 'isDeadlineChange', params: { phases: [current] } },
      actions: [
        'moveDeadline',
        { type: 'emit', params: ({ context }: { context: CampaignContext }) => scheduleFor(context, current) },
      ],
    },
    {
      guard: { type: 'isDeadlineChange', params: { phases: PHASES.slice(phaseIndex(current) + 1) } },
      actions: 'moveDeadline',
    },
  ] as const;
}

function scheduleFor(context: CampaignContext, phase: Phase): Effect {
  const { dueAt, generation } = context.phases[phase];
  return scheduleDeadline(
    keyPrefix(context),
    { campaignId: context.campaignId },
    {
      phase,
      dueAt,
      generation,
      event: { type: 'phase.deadlineReached', phase, generation },
    },
  );
}

function lockFor(context: CampaignContext, phase: Phase, reason: 'deadlineReached' | 'closedManually'): Effect {
  const { dueAt, generation } = context.phases[phase];
  return effect('phase.locked', effectKey(keyPrefix(context), phase, 'locked'), {
    campaignId: context.campaignId,
    phase,
    dueAt,
    generation,
    reason,
  });
}

function overdueFor(context: CampaignContext, phase: Phase): Effect {
  const { dueAt, generation } = context.phases[phase];
  return effect('phase.overdue', effectKey(keyPrefix(context), phase, 'overdue', `g${generation}`), {
    campaignId: context.campaignId,
    phase,
    dueAt,
    generation,
  });
}

// ── Selectors: what services read from a persisted campaign snapshot (never `snapshot.context` casts) ──────

type CampaignSnapshot = Pick<PersistedSnapshot, 'value' | 'context'>;

const campaignContextOf = (snapshot: CampaignSnapshot): CampaignContext =>
  snapshot.context as unknown as CampaignContext;

/** The state a campaign is in, as a string (`draft`, a phase, `published`, `archived`). */
export function campaignState(snapshot: CampaignSnapshot): string {
  return typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value);
}

/** The phase the campaign is in, or null before it opens and after publication. */
export function currentPhase(snapshot: CampaignSnapshot): Phase | null {
  const state = campaignState(snapshot);
  return isPhase(state) ? state : null;
}

/**
 * How far the campaign has come: -1 in draft, the phase index (0 … 3) inside a phase, 4 once published or
 * archived. A phase whose index is below the campaign's has ended.
 */
export function campaignStage(state: string): number {
  if (isPhase(state)) {
    return phaseIndex(state);
  }
  return state === 'published' || state === 'archived' ? PHASES.length : -1;
}

/** Every phase's deadline in force (the context follows every extension), in phase order. */
export function phaseDeadlines(snapshot: CampaignSnapshot): Record<Phase, PhaseDeadline> {
  return campaignContextOf(snapshot).phases;
}

/** The council's and the leadership's approvals (null until given). */
export function campaignApprovals(snapshot: CampaignSnapshot): CampaignContext['approvals'] {
  return campaignContextOf(snapshot).approvals;
}
