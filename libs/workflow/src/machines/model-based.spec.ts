/**
 * Model-based tests: `xstate/graph` enumerates paths through each machine with explicit, parameterised
 * events; every path is replayed through the public `startInstance` / `stepInstance` with a
 * persist → JSON.stringify → JSON.parse → restore round trip at every step, and must agree step by step
 * with a live snapshot stepped by `transition()` without any round trip (same value, context, status and
 * effects). Limits: events are offered from small fixed sets, so context values outside them (e.g. a
 * third extension) are covered by the guard specs, not here.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { appraisalTaskMachine, type AppraisalTaskContext } from './appraisal-task.machine';
import { PHASES } from '@lib/criteria';
import { campaignMachine, type CampaignContext } from './campaign.machine';
import type { Effect } from './effects';
import { latestVersion, startInstance, stepInstance, type StepResult } from './registry';
import { scoreSheetMachine, type ScoreSheetContext } from './score-sheet.machine';
import { stateValueToString } from './snapshot';

/** A domain event with its parameters. */
type DomainEvent = { type: string; [key: string]: unknown };
type Path = { state: AnyMachineSnapshot; steps: Array<{ event: EventObject; state: AnyMachineSnapshot }> };

const effectsOf = (actions: Array<{ type: string; params?: unknown }>): Effect[] =>
  actions.filter((action) => action.type === 'emit').map((action) => action.params as Effect);

const jsonRoundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Replays `path` twice — live, and through the persisted JSON at every step — and compares both. */
function replayWithRoundTrips(machine: AnyStateMachine, input: unknown, path: Path): void {
  const id = machine.id;
  const version = latestVersion(id);
  let [live, liveActions] = initialTransition(machine, input);
  let persisted: StepResult = startInstance(id, input);
  expect(persisted.effects).toEqual(effectsOf(liveActions));

  for (const step of path.steps.slice(1)) {
    [live, liveActions] = transition(machine, live, step.event);
    persisted = stepInstance(id, version, jsonRoundTrip(persisted.snapshot), step.event);

    expect(persisted.changed).toBe(true);
    expect(persisted.value).toBe(stateValueToString(live.value));
    expect(persisted.status).toBe(live.status);
    expect(persisted.snapshot.context).toEqual(jsonRoundTrip(live.context));
    expect(persisted.effects).toEqual(effectsOf(liveActions));
    expect(jsonRoundTrip(persisted.snapshot)).toEqual(persisted.snapshot);
    expect(persisted.value).toBe(stateValueToString(step.state.value));
    expect(persisted.snapshot.context).toEqual(jsonRoundTrip(step.state.context));
    for (const effect of persisted.effects) {
      expect(effect.key).toMatch(/^[A-Za-z0-9_.-]+$/);
      expect(jsonRoundTrip(effect)).toEqual(effect);
    }
  }
  expect(persisted.value).toBe(stateValueToString(path.state.value));
}

const reachedStates = (paths: Path[]): string[] =>
  [...new Set(paths.map((path) => stateValueToString(path.state.value)))].sort();
const declaredStates = (machine: AnyStateMachine): string[] => Object.keys(machine.root.states).sort();

const campaignInput = {
  campaignId: 3,
  deadlines: {
    selfAssessment: '2024-03-16T00:00:00+07:00',
    appraisal: '2024-04-01T00:00:00+07:00',
    councilReview: '2024-04-01T00:00:00+07:00',
    approval: '2024-05-01T00:00:00+07:00',
  },
};

function campaignEvents(snapshot: AnyMachineSnapshot): DomainEvent[] {
  const context = snapshot.context as CampaignContext;
  const events: DomainEvent[] = [
    { type: 'campaign.opened' },
    { type: 'council.approved', by: 'council-chair', at: '2024-03-28T09:00:00+07:00' },
    { type: 'leadership.approved', by: 'chairman' },
    { type: 'campaign.published', publicationId: 'QD-1234' },
    { type: 'campaign.archived' },
  ];
  for (const phase of PHASES) {
    const { generation } = context.phases[phase];
    events.push({ type: 'phase.deadlineReached', phase, generation });
    events.push({ type: 'phase.deadlineReached', phase, generation: generation + 5 }); // stale/future: a no-op
    events.push({ type: 'phase.closed', phase });
    if (generation === 1 && phase === 'selfAssessment') {
      events.push({ type: 'deadline.extended', phase, dueAt: '2024-03-23T00:00:00+07:00', generation: 2 });
    }
  }
  return events;
}

function scoreSheetEvents(snapshot: AnyMachineSnapshot): DomainEvent[] {
  const context = snapshot.context as ScoreSheetContext;
  const generation = (context.extension ?? context.selfAssessment).generation;
  const events: DomainEvent[] = [
    { type: 'sheet.submitted', at: '2024-03-10T10:00:00+07:00' },
    { type: 'sheet.submitted', at: '2024-03-20T10:00:00+07:00' }, // late unless extended
    { type: 'phase.deadlineReached', phase: 'selfAssessment', generation },
    { type: 'appraisal.started' },
    { type: 'clarification.requested', contentArea: 'tthc' },
    { type: 'clarification.answered', contentArea: 'tthc' },
    { type: 'appraisal.completed' },
    { type: 'appraisal.reopened' },
    { type: 'council.finalised' },
  ];
  if (generation === 1) {
    events.push({ type: 'extension.granted', dueAt: '2024-03-23T00:00:00+07:00', generation: 2 });
  }
  return events;
}

function appraisalTaskEvents(snapshot: AnyMachineSnapshot): DomainEvent[] {
  const context = snapshot.context as AppraisalTaskContext;
  return [
    { type: 'task.claimed', userId: 'appraiser-1' },
    { type: 'task.unclaimed' },
    { type: 'task.assigned', userId: 'appraiser-2', by: 'supervisor-1' },
    { type: 'review.started' },
    { type: 'clarification.requested', dueAt: '2024-03-25T17:00:00+07:00' },
    { type: 'clarification.answered' },
    { type: 'clarification.deadlineReached', generation: context.clarification?.generation ?? 1 },
    { type: 'task.completed' },
    { type: 'task.reopened', by: 'council-chair', reason: 'Thiếu tài liệu kiểm chứng' },
  ];
}

/** Bounds the counters so the graph stays finite (one reopening / clarification round / reassignment). */
const boundedTask = (snapshot: AnyMachineSnapshot, event: EventObject): boolean => {
  const context = snapshot.context as AppraisalTaskContext;
  return (
    (event.type !== 'task.reopened' || context.reopenings < 1) &&
    (event.type !== 'clarification.requested' || context.clarificationRounds < 2) &&
    (event.type !== 'task.assigned' || context.assignments < 1)
  );
};

/** The sheet's clarification cycle can repeat; one round trip through `clarified` is enough. */
const boundedSheet = (snapshot: AnyMachineSnapshot, event: EventObject): boolean =>
  !(
    event.type === 'appraisal.reopened' &&
    snapshot.value === 'appraised' &&
    (snapshot.context as ScoreSheetContext).openClarifications.length > 0
  );

const models = [
  {
    machine: campaignMachine as AnyStateMachine,
    input: campaignInput,
    events: campaignEvents,
    filterEvents: undefined,
  },
  {
    machine: scoreSheetMachine as AnyStateMachine,
    input: { sheetId: 42, campaignId: 3, unitId: 'phong-tu-phap', selfAssessmentDueAt: '2024-03-16T00:00:00+07:00' },
    events: scoreSheetEvents,
    filterEvents: boundedSheet,
  },
  {
    machine: appraisalTaskMachine as AnyStateMachine,
    input: { taskId: 7, campaignId: 3, sheetId: 42, contentArea: 'tthc' },
    events: appraisalTaskEvents,
    filterEvents: boundedTask,
  },
];

describe.each(models)('$machine.id machine (model-based)', ({ machine, input, events, filterEvents }) => {
  const shortest = getShortestPaths(machine, { input, events, filterEvents }) as unknown as Path[];

  it('should reach every declared state by some shortest path', () => {
    expect(reachedStates(shortest)).toEqual(declaredStates(machine));
  });

  it('should survive persist → JSON → restore at every step of every shortest path', () => {
    expect(shortest.length).toBeGreaterThan(0);
    for (const path of shortest) {
      replayWithRoundTrips(machine, input, path);
    }
  });
});

describe('appraisalTask machine (simple paths)', () => {
  it('should survive persist → JSON → restore at every step of every simple path to completion', () => {
    const input = { taskId: 7, campaignId: 3, sheetId: 42, contentArea: 'tthc' };
    const paths = getSimplePaths(appraisalTaskMachine, {
      input,
      events: appraisalTaskEvents as never,
      filterEvents: boundedTask as never,
      toState: (snapshot) => snapshot.value === 'completed',
    }) as unknown as Path[];
    expect(paths.length).toBeGreaterThan(3);
    for (const path of paths) {
      replayWithRoundTrips(appraisalTaskMachine, input, path);
    }
  });
});
