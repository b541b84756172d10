import { startInstance, stepInstance, type StepResult } from './registry';
import { canAnswerClarification, selfAssessmentDeadline } from './score-sheet.machine';

const input = { sheetId: 42, campaignId: 3, unitId: 'phong-tu-phap', selfAssessmentDueAt: '2024-03-16T00:00:00+07:00' };
type Event = { type: string; [key: string]: unknown };
const step = (from: StepResult, event: Event): StepResult => stepInstance('scoreSheet', 1, from.snapshot, event);
const run = (...events: Event[]): StepResult => events.reduce(step, startInstance('scoreSheet', input));

const deadline = { type: 'phase.deadlineReached', phase: 'selfAssessment', generation: 1 };
const extension = {
  type: 'extension.granted',
  dueAt: '2024-03-23T00:00:00+07:00',
  generation: 2,
  at: '2024-03-18T02:00:00Z',
};
const submittedInTime = { type: 'sheet.submitted', at: '2024-03-15T23:59:59.999+07:00' };
const submittedLate = { type: 'sheet.submitted', at: '2024-03-16T00:00:00.001+07:00' };

describe('scoreSheet machine', () => {
  it('should start in draft and schedule its own self-assessment deadline', () => {
    const started = startInstance('scoreSheet', input);
    expect(started).toMatchObject({ value: 'draft', status: 'active', machine: { id: 'scoreSheet', version: 1 } });
    expect(started.effects).toEqual([
      {
        kind: 'deadline.schedule',
        key: 'sheet-42-selfAssessment-deadline-g1',
        payload: {
          sheetId: '42',
          campaignId: '3',
          unitId: 'phong-tu-phap',
          phase: 'selfAssessment',
          dueAt: '2024-03-15T17:00:00.000Z',
          generation: 1,
          event: { type: 'phase.deadlineReached', phase: 'selfAssessment', generation: 1 },
        },
      },
    ]);
  });

  it('should accept a submission one millisecond before the deadline and ask for routing', () => {
    const submitted = run(submittedInTime);
    expect(submitted.value).toBe('submitted');
    expect(submitted.effects).toEqual([
      {
        kind: 'sheet.submitted',
        key: 'sheet-42-submitted',
        payload: { sheetId: '42', campaignId: '3', unitId: 'phong-tu-phap', submittedAt: '2024-03-15T16:59:59.999Z' },
      },
    ]);
  });

  it('should refuse a submission at or after the deadline, or without a valid instant', () => {
    expect(run(submittedLate)).toMatchObject({ changed: false, value: 'draft', effects: [] });
    expect(run({ type: 'sheet.submitted', at: '2024-03-16T00:00:00+07:00' })).toMatchObject({ changed: false });
    expect(run({ type: 'sheet.submitted' })).toMatchObject({ changed: false });
    expect(run({ type: 'sheet.submitted', at: '2024-03-10' })).toMatchObject({ changed: false });
  });

  it('should accept a late submission covered by an extension', () => {
    const extended = run(extension);
    expect(extended.effects).toEqual([
      expect.objectContaining({ kind: 'deadline.schedule', key: 'sheet-42-selfAssessment-deadline-g2' }),
    ]);
    expect(step(extended, submittedLate)).toMatchObject({ changed: true, value: 'submitted' });
    expect(step(extended, { type: 'sheet.submitted', at: '2024-03-23T00:00:00+07:00' })).toMatchObject({
      changed: false,
    });
  });

  it('should lock the draft when its deadline is reached, and ignore duplicates and stale generations', () => {
    const locked = run(deadline);
    expect(locked.value).toBe('locked');
    expect(locked.effects).toEqual([
      {
        kind: 'phase.locked',
        key: 'sheet-42-selfAssessment-locked-g1',
        payload: {
          sheetId: '42',
          campaignId: '3',
          unitId: 'phong-tu-phap',
          phase: 'selfAssessment',
          dueAt: '2024-03-15T17:00:00.000Z',
          generation: 1,
        },
      },
    ]);
    expect(step(locked, deadline)).toMatchObject({ changed: false, effects: [] });
    expect(step(locked, submittedInTime)).toMatchObject({ changed: false, value: 'locked' });
    expect(run(extension, deadline)).toMatchObject({ changed: false, effects: [], value: 'draft' });
    expect(run(deadline, { ...deadline, phase: 'appraisal' })).toMatchObject({ changed: false });
  });

  it('should unlock a locked draft with an extension and re-schedule the new deadline', () => {
    const reopened = run(deadline, extension);
    expect(reopened.value).toBe('draft');
    expect(reopened.effects).toEqual([
      expect.objectContaining({ kind: 'deadline.schedule', key: 'sheet-42-selfAssessment-deadline-g2' }),
    ]);
    expect(selfAssessmentDeadline(reopened.snapshot)).toEqual({
      dueAt: '2024-03-22T17:00:00.000Z',
      generation: 2,
      extended: true,
      grantedAt: '2024-03-18T02:00:00.000Z',
    });
    expect(step(reopened, { ...deadline, generation: 2 })).toMatchObject({
      value: 'locked',
      effects: [expect.objectContaining({ key: 'sheet-42-selfAssessment-locked-g2' })],
    });
  });

  it('should refuse an extension that is not newer or not an instant', () => {
    expect(run(extension, extension)).toMatchObject({ changed: false });
    expect(run({ ...extension, generation: 1 })).toMatchObject({ changed: false });
    expect(run({ ...extension, dueAt: '10/03/2024' })).toMatchObject({ changed: false });
    // After an early close a unit may get days that end before the plan's deadline.
    expect(run({ ...extension, dueAt: '2024-03-10T00:00:00+07:00' })).toMatchObject({ changed: true });
    expect(run(submittedInTime, extension)).toMatchObject({ changed: false, value: 'submitted' });
  });

  it('should lock a draft at once when self-assessment is closed early, and reopen it with an extension', () => {
    const closed = run({ type: 'phase.closed', phase: 'selfAssessment' });
    expect(closed.value).toBe('locked');
    expect(closed.effects).toEqual([
      expect.objectContaining({
        kind: 'phase.locked',
        key: 'sheet-42-selfAssessment-locked-g1',
        payload: expect.objectContaining({ reason: 'closedManually' }),
      }),
    ]);
    expect(step(closed, { type: 'phase.closed', phase: 'selfAssessment' })).toMatchObject({ changed: false });
    expect(run(submittedInTime, { type: 'phase.closed', phase: 'selfAssessment' })).toMatchObject({ changed: false });
    expect(step(closed, extension)).toMatchObject({ value: 'draft' });
  });

  it('should track clarifications per content area and be answerable only while requested', () => {
    const underAppraisal = run(submittedInTime, { type: 'appraisal.started' });
    expect(canAnswerClarification(underAppraisal.snapshot)).toBe(false);
    expect(step(underAppraisal, { type: 'clarification.answered', contentArea: 'tthc' })).toMatchObject({
      changed: false,
    });
    const two = [
      { type: 'clarification.requested', contentArea: 'tthc' },
      { type: 'clarification.requested', contentArea: 'chinh-quyen-so' },
    ].reduce(step, underAppraisal);
    expect(two.value).toBe('clarificationRequested');
    expect(canAnswerClarification(two.snapshot, 'tthc')).toBe(true);
    expect(canAnswerClarification(two.snapshot, 'tai-chinh')).toBe(false);
    expect(step(two, { type: 'clarification.requested', contentArea: 'tthc' })).toMatchObject({ changed: false });
    expect(step(two, { type: 'appraisal.completed' })).toMatchObject({ changed: false });
    const one = step(two, { type: 'clarification.answered', contentArea: 'tthc' });
    expect(one.value).toBe('clarificationRequested');
    const clarified = step(one, { type: 'clarification.answered', contentArea: 'chinh-quyen-so' });
    expect(clarified.value).toBe('clarified');
    const final = [{ type: 'appraisal.completed' }, { type: 'council.finalised' }].reduce(step, clarified);
    expect(final).toMatchObject({ value: 'final', status: 'done' });
  });
});
