import { startInstance, stepInstance, type StepResult } from './registry';

const input = {
  campaignId: 'uong-bi-2023',
  deadlines: {
    selfAssessment: '2024-03-16T00:00:00+07:00',
    appraisal: '2024-04-01T00:00:00+07:00',
    councilReview: '2024-04-01T00:00:00+07:00',
    approval: '2024-05-01T00:00:00+07:00',
  },
};

const step = (from: StepResult, event: { type: string; [key: string]: unknown }): StepResult =>
  stepInstance('campaign', 1, from.snapshot, event);
const run = (...events: Array<{ type: string; [key: string]: unknown }>): StepResult =>
  events.reduce(step, startInstance('campaign', input));

const opened = { type: 'campaign.opened' };
const selfAssessmentDeadline = { type: 'phase.deadlineReached', phase: 'selfAssessment', generation: 1 };
const appraisalDeadline = { type: 'phase.deadlineReached', phase: 'appraisal', generation: 1 };

describe('campaign machine', () => {
  it('should start in draft with every deadline stored as a UTC instant, generation 1, and no effects', () => {
    const started = startInstance('campaign', input);
    expect(started.value).toBe('draft');
    expect(started.effects).toEqual([]);
    expect(started.snapshot.context.phases).toEqual({
      selfAssessment: { dueAt: '2024-03-15T17:00:00.000Z', generation: 1, reached: false },
      appraisal: { dueAt: '2024-03-31T17:00:00.000Z', generation: 1, reached: false },
      councilReview: { dueAt: '2024-03-31T17:00:00.000Z', generation: 1, reached: false },
      approval: { dueAt: '2024-04-30T17:00:00.000Z', generation: 1, reached: false },
    });
  });

  it('should refuse input with a missing or out-of-order deadline', () => {
    expect(() =>
      startInstance('campaign', { ...input, deadlines: { ...input.deadlines, appraisal: 'mid-March' } }),
    ).toThrow(/deadlines\.appraisal/);
    expect(() =>
      startInstance('campaign', { ...input, deadlines: { ...input.deadlines, appraisal: '2024-03-01T00:00:00Z' } }),
    ).toThrow(/before the deadline/);
    expect(() => startInstance('campaign', { ...input, campaignId: 'a:b' })).toThrow(/campaignId/);
  });

  it('should schedule the self-assessment deadline when opened', () => {
    const result = run(opened);
    expect(result.value).toBe('selfAssessment');
    expect(result.effects).toEqual([
      {
        kind: 'deadline.schedule',
        key: 'campaign-uong-bi-2023-selfAssessment-deadline-g1',
        payload: {
          campaignId: 'uong-bi-2023',
          phase: 'selfAssessment',
          dueAt: '2024-03-15T17:00:00.000Z',
          generation: 1,
          event: { type: 'phase.deadlineReached', phase: 'selfAssessment', generation: 1 },
        },
      },
    ]);
  });

  it('should lock the phase and schedule the next one when the current deadline is reached', () => {
    const result = run(opened, selfAssessmentDeadline);
    expect(result.value).toBe('appraisal');
    expect(result.effects.map((effect) => [effect.kind, effect.key])).toEqual([
      ['phase.locked', 'campaign-uong-bi-2023-selfAssessment-locked'],
      ['deadline.schedule', 'campaign-uong-bi-2023-appraisal-deadline-g1'],
    ]);
    expect(result.effects[0].payload).toEqual({
      campaignId: 'uong-bi-2023',
      phase: 'selfAssessment',
      dueAt: '2024-03-15T17:00:00.000Z',
      generation: 1,
      reason: 'deadlineReached',
    });
  });

  it('should ignore a duplicate deadline event (no change, no effects)', () => {
    const once = run(opened, selfAssessmentDeadline);
    const twice = step(once, selfAssessmentDeadline);
    expect(twice).toMatchObject({ changed: false, effects: [], value: 'appraisal' });
    expect(twice.snapshot).toEqual(once.snapshot);
  });

  it('should ignore a deadline event for another phase or from before the draft was opened', () => {
    expect(step(startInstance('campaign', input), selfAssessmentDeadline)).toMatchObject({
      changed: false,
      effects: [],
    });
    expect(step(run(opened), appraisalDeadline)).toMatchObject({
      changed: false,
      effects: [],
      value: 'selfAssessment',
    });
  });

  it('should ignore the stale generation after an extension and accept the new one', () => {
    const extended = run(opened, {
      type: 'deadline.extended',
      phase: 'selfAssessment',
      dueAt: '2024-03-23T00:00:00+07:00',
      generation: 2,
    });
    expect(extended.value).toBe('selfAssessment');
    expect(extended.effects).toEqual([
      expect.objectContaining({
        kind: 'deadline.schedule',
        key: 'campaign-uong-bi-2023-selfAssessment-deadline-g2',
        payload: expect.objectContaining({ dueAt: '2024-03-22T17:00:00.000Z', generation: 2 }),
      }),
    ]);
    expect(step(extended, selfAssessmentDeadline)).toMatchObject({
      changed: false,
      effects: [],
      value: 'selfAssessment',
    });
    expect(step(extended, { ...selfAssessmentDeadline, generation: 2 })).toMatchObject({
      changed: true,
      value: 'appraisal',
    });
  });

  it('should refuse an extension that does not raise the generation', () => {
    const extended = run(opened, {
      type: 'deadline.extended',
      phase: 'selfAssessment',
      dueAt: '2024-03-23T00:00:00+07:00',
      generation: 2,
    });
    expect(
      step(extended, {
        type: 'deadline.extended',
        phase: 'selfAssessment',
        dueAt: '2024-03-25T00:00:00+07:00',
        generation: 2,
      }),
    ).toMatchObject({ changed: false, effects: [] });
    expect(
      step(extended, { type: 'deadline.extended', phase: 'selfAssessment', dueAt: 'soon', generation: 3 }),
    ).toMatchObject({ changed: false });
  });

  it('should move a later phase deadline without scheduling it until the phase starts', () => {
    const moved = run(opened, {
      type: 'deadline.extended',
      phase: 'appraisal',
      dueAt: '2024-04-05T00:00:00+07:00',
      generation: 2,
    });
    expect(moved).toMatchObject({ changed: true, effects: [], value: 'selfAssessment' });
    const next = step(moved, selfAssessmentDeadline);
    expect(next.effects[1]).toMatchObject({
      key: 'campaign-uong-bi-2023-appraisal-deadline-g2',
      payload: { dueAt: '2024-04-04T17:00:00.000Z' },
    });
    expect(
      step(next, {
        type: 'deadline.extended',
        phase: 'selfAssessment',
        dueAt: '2024-04-05T00:00:00+07:00',
        generation: 2,
      }),
    ).toMatchObject({ changed: false });
  });

  it('should close a phase manually only when the event names the current phase', () => {
    const closed = run(opened, { type: 'phase.closed', phase: 'selfAssessment' });
    expect(closed.value).toBe('appraisal');
    expect(closed.effects[0]).toMatchObject({ kind: 'phase.locked', payload: { reason: 'closedManually' } });
    expect(step(closed, { type: 'phase.closed', phase: 'selfAssessment' })).toMatchObject({
      changed: false,
      value: 'appraisal',
    });
    expect(step(closed, { type: 'phase.closed' })).toMatchObject({ changed: false });
  });

  it('should mark the council deadline overdue once, without leaving the phase', () => {
    const council = run(opened, selfAssessmentDeadline, appraisalDeadline);
    expect(council.value).toBe('councilReview');
    const overdue = step(council, { type: 'phase.deadlineReached', phase: 'councilReview', generation: 1 });
    expect(overdue.value).toBe('councilReview');
    expect(overdue.effects).toEqual([
      expect.objectContaining({ kind: 'phase.overdue', key: 'campaign-uong-bi-2023-councilReview-overdue-g1' }),
    ]);
    expect(step(overdue, { type: 'phase.deadlineReached', phase: 'councilReview', generation: 1 })).toMatchObject({
      changed: false,
      effects: [],
    });
  });

  it('should refuse publication before the council and the leadership approved', () => {
    const council = run(opened, selfAssessmentDeadline, appraisalDeadline);
    expect(step(council, { type: 'campaign.published', publicationId: 'QD-1' })).toMatchObject({
      changed: false,
      value: 'councilReview',
    });
    const approval = step(council, { type: 'council.approved', by: 'council-chair' });
    expect(approval.value).toBe('approval');
    expect(step(approval, { type: 'campaign.published', publicationId: 'QD-1' })).toMatchObject({
      changed: false,
      effects: [],
      value: 'approval',
    });
  });

  it('should publish after both approvals and emit campaign.published once', () => {
    const approved = run(
      opened,
      selfAssessmentDeadline,
      appraisalDeadline,
      { type: 'council.approved' },
      { type: 'leadership.approved', by: 'chairman', at: '2024-04-20T08:00:00+07:00' },
    );
    expect(approved.snapshot.context.approvals).toEqual({
      council: { by: null, at: null },
      leadership: { by: 'chairman', at: '2024-04-20T01:00:00.000Z' },
    });
    expect(step(approved, { type: 'leadership.approved', by: 'someone-else' })).toMatchObject({ changed: false });
    expect(step(approved, { type: 'campaign.published' })).toMatchObject({ changed: false });
    const published = step(approved, { type: 'campaign.published', publicationId: 'QD-1234' });
    expect(published.value).toBe('published');
    expect(published.effects).toEqual([
      {
        kind: 'campaign.published',
        key: 'campaign-uong-bi-2023-published',
        payload: { campaignId: 'uong-bi-2023', publicationId: 'QD-1234' },
      },
    ]);
    expect(step(published, { type: 'campaign.published', publicationId: 'QD-1234' })).toMatchObject({ changed: false });
    const archived = step(published, { type: 'campaign.archived' });
    expect(archived).toMatchObject({ value: 'archived', status: 'done' });
    expect(step(archived, opened)).toMatchObject({ changed: false, status: 'done' });
  });
});
