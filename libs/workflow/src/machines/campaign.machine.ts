/**
 * The campaign (đợt đánh giá): one yearly PAR Index run of an authority, from drafting the plan to the
 * archived publication. Phase deadlines are data in context and arrive as external events
 * (`phase.deadlineReached`) from durable delayed jobs — never XState `after`.
 *
 * draft → selfAssessment → appraisal (consolidation & appraisal) → councilReview → approval → published → archived
 */
import { assign, setup } from 'xstate';
import { effect, effectKey, scheduleDeadline, type Effect } from './effects';
import { invalidInput } from './errors';
import { canonicalInstant, identifier, instantMs, isGeneration, isText } from './values';

/** Phases that carry a deadline, in order. `approval` ends with the publication decision. */
export const CAMPAIGN_PHASES = ['selfAssessment', 'appraisal', 'councilReview', 'approval'] as const;
export type CampaignPhase = (typeof CAMPAIGN_PHASES)[number];

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
  phases: Record<CampaignPhase, PhaseDeadline>;
  approvals: { council: ApprovalRecord | null; leadership: ApprovalRecord | null };
  publicationId: string | null;
}

/** Input of `startInstance('campaign', input)`: one ISO instant per phase, non-decreasing. */
export interface CampaignInput {
  campaignId: string | number;
  deadlines: Record<CampaignPhase, string>;
}

export type CampaignEvent =
  | { type: 'campaign.opened' }
  | { type: 'phase.deadlineReached'; phase: CampaignPhase; generation: number }
  | { type: 'phase.closed'; phase: CampaignPhase; by?: string }
  | { type: 'deadline.extended'; phase: CampaignPhase; dueAt: string; generation: number }
  | { type: 'council.approved'; by?: string; at?: string }
  | { type: 'leadership.approved'; by?: string; at?: string }
  | { type: 'campaign.published'; publicationId: string | number }
  | { type: 'campaign.archived' };

const isCampaignPhase = (value: unknown): value is CampaignPhase => CAMPAIGN_PHASES.includes(value as CampaignPhase);
const phaseIndex = (phase: CampaignPhase): number => CAMPAIGN_PHASES.indexOf(phase);

function parseCampaignInput(input: unknown): CampaignContext {
  const raw = (input ?? {}) as Partial<CampaignInput>;
  const campaignId = identifier(raw.campaignId);
  if (campaignId === undefined) {
    throw invalidInput(
      'campaign',
      'campaignId must be an identifier (letters, digits, _ . -) or a non-negative integer',
    );
  }
  const deadlines = (raw.deadlines ?? {}) as Partial<Record<CampaignPhase, unknown>>;
  let previous = -Infinity;
  const phases = {} as Record<CampaignPhase, PhaseDeadline>;
  for (const phase of CAMPAIGN_PHASES) {
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
    isCurrentDeadline: ({ context, event }, params: { phase: CampaignPhase }) =>
      event.type === 'phase.deadlineReached' &&
      event.phase === params.phase &&
      event.generation === context.phases[params.phase].generation &&
      !context.phases[params.phase].reached,
    /** A manual close names the phase it closes, so a repeated click cannot close the next one. */
    isClosingPhase: ({ event }, params: { phase: CampaignPhase }) =>
      event.type === 'phase.closed' && event.phase === params.phase,
    /** A deadline change for one of `params.phases`, with a newer generation and a valid instant. */
    isDeadlineChange: ({ context, event }, params: { phases: readonly CampaignPhase[] }) =>
      event.type === 'deadline.extended' &&
      isCampaignPhase(event.phase) &&
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
          guard: { type: 'isDeadlineChange', params: { phases: CAMPAIGN_PHASES } },
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
function deadlineChanges(current: CampaignPhase) {
  return [
    {
      guard: { type: 'isDeadlineChange', params: { phases: [current] } },
      actions: [
        'moveDeadline',
        { type: 'emit', params: ({ context }: { context: CampaignContext }) => scheduleFor(context, current) },
      ],
    },
    {
      guard: { type: 'isDeadlineChange', params: { phases: CAMPAIGN_PHASES.slice(phaseIndex(current) + 1) } },
      actions: 'moveDeadline',
    },
  ] as const;
}

function scheduleFor(context: CampaignContext, phase: CampaignPhase): Effect {
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

function lockFor(context: CampaignContext, phase: CampaignPhase, reason: 'deadlineReached' | 'closedManually'): Effect {
  const { dueAt, generation } = context.phases[phase];
  return effect('phase.locked', effectKey(keyPrefix(context), phase, 'locked'), {
    campaignId: context.campaignId,
    phase,
    dueAt,
    generation,
    reason,
  });
}

function overdueFor(context: CampaignContext, phase: CampaignPhase): Effect {
  const { dueAt, generation } = context.phases[phase];
  return effect('phase.overdue', effectKey(keyPrefix(context), phase, 'overdue', `g${generation}`), {
    campaignId: context.campaignId,
    phase,
    dueAt,
    generation,
  });
}
