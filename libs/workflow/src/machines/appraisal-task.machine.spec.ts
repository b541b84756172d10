import { appraisalTaskMachine, canClaim } from './appraisal-task.machine';
import { startInstance, stepInstance, type StepResult } from './registry';

const input = { taskId: 7, campaignId: 3, sheetId: 42, contentArea: 'tthc' };
type Event = { type: string; [key: string]: unknown };
const step = (from: StepResult, event: Event): StepResult => stepInstance('appraisalTask', 1, from.snapshot, event);
const run = (...events: Event[]): StepResult => events.reduce(step, startInstance('appraisalTask', input));

const claimed = { type: 'task.claimed', userId: 'appraiser-1' };
const reviewing = { type: 'review.started' };
const clarification = { type: 'clarification.requested', dueAt: '2024-03-25T17:00:00+07:00' };
const ids = { taskId: '7', campaignId: '3', sheetId: '42', contentArea: 'tthc' };

describe('appraisalTask machine', () => {
  it('should start open with no effects', () => {
    const started = startInstance('appraisalTask', input);
    expect(started).toMatchObject({ value: 'open', effects: [], changed: true });
    expect(canClaim(started.snapshot)).toBe(true);
    expect(() => startInstance('appraisalTask', { ...input, contentArea: '' })).toThrow(/contentArea/);
  });

  it('should refuse a claim when the task is already claimed', () => {
    const first = run(claimed);
    expect(first).toMatchObject({
      value: 'claimed',
      snapshot: { context: { assignee: 'appraiser-1', assignedBy: null } },
    });
    expect(canClaim(first.snapshot)).toBe(false);
    expect(step(first, { type: 'task.claimed', userId: 'appraiser-2' })).toMatchObject({ changed: false, effects: [] });
    expect(run({ type: 'task.claimed' })).toMatchObject({ changed: false });
  });

  it('should let a supervisor assign or reassign, once per change of assignee', () => {
    const assigned = run(claimed, { type: 'task.assigned', userId: 'appraiser-2', by: 'supervisor-1' });
    expect(assigned.effects).toEqual([
      {
        kind: 'task.assigned',
        key: 'task-7-assigned-1',
        payload: { ...ids, userId: 'appraiser-2', by: 'supervisor-1' },
      },
    ]);
    expect(step(assigned, { type: 'task.assigned', userId: 'appraiser-2', by: 'supervisor-1' })).toMatchObject({
      changed: false,
    });
    expect(step(assigned, { type: 'task.assigned', userId: 'appraiser-3' })).toMatchObject({ changed: false });
    expect(run({ type: 'task.assigned', userId: 'appraiser-2', by: 'supervisor-1' }).value).toBe('claimed');
  });

  it('should return an unclaimed task to the inbox', () => {
    expect(run(claimed, { type: 'task.unclaimed' })).toMatchObject({
      value: 'open',
      snapshot: { context: { assignee: null } },
    });
  });

  it('should request a clarification with its own deadline, and resume when answered', () => {
    const waiting = run(claimed, reviewing, clarification);
    expect(waiting.value).toBe('awaitingClarification');
    expect(waiting.effects).toEqual([
      {
        kind: 'clarification.requested',
        key: 'task-7-clarification-1-requested',
        payload: { ...ids, round: 1, dueAt: '2024-03-25T10:00:00.000Z' },
      },
      {
        kind: 'deadline.schedule',
        key: 'task-7-clarification-deadline-g1',
        payload: {
          ...ids,
          phase: 'clarification',
          dueAt: '2024-03-25T10:00:00.000Z',
          generation: 1,
          event: { type: 'clarification.deadlineReached', generation: 1 },
        },
      },
    ]);
    expect(step(waiting, { type: 'task.completed' })).toMatchObject({ changed: false });
    const answered = step(waiting, { type: 'clarification.answered' });
    expect(answered).toMatchObject({ value: 'inReview', effects: [] });
    expect(step(answered, { type: 'clarification.deadlineReached', generation: 1 })).toMatchObject({ changed: false });
    expect(run(claimed, reviewing, { type: 'clarification.requested' })).toMatchObject({ changed: false });
  });

  it('should resume the review when the clarification deadline passes, ignoring stale generations', () => {
    const second = run(claimed, reviewing, clarification, { type: 'clarification.answered' }, clarification);
    expect(second.effects[1]).toMatchObject({ key: 'task-7-clarification-deadline-g2' });
    expect(step(second, { type: 'clarification.deadlineReached', generation: 1 })).toMatchObject({
      changed: false,
      effects: [],
    });
    const expired = step(second, { type: 'clarification.deadlineReached', generation: 2 });
    expect(expired).toMatchObject({ value: 'inReview', snapshot: { context: { clarification: null } } });
    expect(expired.effects).toEqual([
      {
        kind: 'clarification.expired',
        key: 'task-7-clarification-2-expired',
        payload: { ...ids, round: 2, dueAt: '2024-03-25T10:00:00.000Z' },
      },
    ]);
  });

  it('should complete, be reopened by the council, and complete again under a new key', () => {
    const completed = run(claimed, reviewing, { type: 'task.completed' });
    expect(completed.effects).toEqual([
      { kind: 'task.completed', key: 'task-7-completed-1', payload: { ...ids, completedBy: 'appraiser-1', round: 1 } },
    ]);
    expect(step(completed, { type: 'task.reopened' })).toMatchObject({ changed: false });
    const reopened = step(completed, { type: 'task.reopened', by: 'council-chair', reason: 'Thiếu tài liệu' });
    expect(reopened).toMatchObject({
      value: 'inReview',
      effects: [
        {
          kind: 'task.reopened',
          key: 'task-7-reopened-1',
          payload: { by: 'council-chair', reason: 'Thiếu tài liệu', round: 1 },
        },
      ],
    });
    expect(step(reopened, { type: 'task.completed' }).effects[0].key).toBe('task-7-completed-2');
  });

  it('should request clarifications only in review and never go back to open or claimed from there', () => {
    // The inbox relies on it: an open or claimed task has no clarification, so its page selects none.
    const nodes = appraisalTaskMachine.root.states;
    const exits = (name: string) =>
      [...nodes[name].transitions.values()].flat().flatMap((t) => (t.target ?? []).map((n) => n.key));
    const requesting = Object.keys(nodes).filter((name) => nodes[name].transitions.has('clarification.requested'));
    expect(requesting).toEqual(['inReview']);
    // Every way out of review and what follows it leads back into the same three states.
    const afterReview = ['inReview', 'awaitingClarification', 'completed'];
    expect(new Set(afterReview.flatMap(exits))).toEqual(new Set(afterReview));
  });
});
