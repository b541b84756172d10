import { classifySheet, classifyTask } from './behind';

const DAY = 24 * 3600;
const sheet = (over: Partial<Parameters<typeof classifySheet>[0]> = {}) =>
  classifySheet({
    submitted: false,
    closed: false,
    secondsLeft: 10 * DAY,
    scored: 10,
    leaves: 10,
    openClarifications: 0,
    ...over,
  });

describe('classifySheet', () => {
  it('should leave a submitted sheet out unless a clarification is open', () => {
    expect(sheet({ submitted: true })).toBeNull();
    expect(sheet({ submitted: true, openClarifications: 1 })).toBe('inClarification');
  });

  it('should call a sheet whose own deadline passed overdue, whatever was scored', () => {
    expect(sheet({ closed: true, secondsLeft: 0 })).toBe('overdue');
  });

  it('should call a sheet with three days or less left at risk', () => {
    expect(sheet({ secondsLeft: 3 * DAY })).toBe('atRisk');
    expect(sheet({ secondsLeft: 3 * DAY + 1 })).toBe('notSubmitted');
  });

  it('should call a sheet less than half scored with seven days or less left at risk', () => {
    expect(sheet({ scored: 4, leaves: 10, secondsLeft: 7 * DAY })).toBe('atRisk');
    expect(sheet({ scored: 5, leaves: 10, secondsLeft: 7 * DAY })).toBe('notSubmitted');
    expect(sheet({ scored: 4, leaves: 10, secondsLeft: 7 * DAY + 1 })).toBe('notSubmitted');
  });
});

describe('classifyTask', () => {
  const now = new Date('2026-11-29T12:00:00Z');
  const due = (days: number) => new Date(now.getTime() + days * DAY * 1000);
  const task = (over: Partial<Parameters<typeof classifyTask>[0]> = {}) =>
    classifyTask({ state: 'claimed', completed: false, dueAt: due(10), openClarifications: 0, ...over }, now);

  it('should leave completed tasks and claimed ones with time out', () => {
    expect(task({ completed: true, dueAt: due(-1) })).toBeNull();
    expect(task({ state: 'completed', dueAt: due(-1) })).toBeNull();
    expect(task({ state: 'inReview' })).toBeNull();
  });

  it('should name the kinds, waiting on the unit first, then overdue, at risk (≤ 2 days), unclaimed', () => {
    expect(task({ state: 'awaitingClarification', dueAt: due(-1) })).toBe('inClarification');
    expect(task({ openClarifications: 1 })).toBe('inClarification');
    expect(task({ state: 'open', dueAt: due(-0.01) })).toBe('overdue');
    expect(task({ state: 'open', dueAt: due(2) })).toBe('atRisk');
    expect(task({ state: 'claimed', dueAt: due(1) })).toBe('atRisk');
    expect(task({ state: 'open', dueAt: due(2.01) })).toBe('unclaimed');
  });
});
