import { PHASES } from '@lib/criteria';
import {
  clarificationWindow,
  phaseWindow,
  phaseWindows,
  secondsLeft,
  sheetWindow,
  type CampaignFacts,
} from './phase-window';

const at = (iso: string) => new Date(iso);
const DUE = {
  selfAssessment: at('2024-03-15T17:00:00.000Z'),
  appraisal: at('2024-03-31T17:00:00.000Z'),
  councilReview: at('2024-03-31T17:00:00.000Z'),
  approval: at('2024-04-30T17:00:00.000Z'),
};

function facts(overrides: Partial<CampaignFacts> = {}): CampaignFacts {
  return {
    campaignId: 1,
    timezone: 'Asia/Ho_Chi_Minh',
    state: 'selfAssessment',
    deadlines: Object.fromEntries(
      PHASES.map((p) => [p, { dueAt: DUE[p], generation: 1 }]),
    ) as CampaignFacts['deadlines'],
    closedEarly: {},
    councilApprovedAt: null,
    publishedAt: null,
    now: at('2024-03-10T00:00:00.000Z'),
    ...overrides,
  };
}

describe('phase windows (the gate, pure)', () => {
  it('should be open until the deadline instant, exclusive, to the millisecond', () => {
    const before = phaseWindow(facts({ now: at('2024-03-15T16:59:59.999Z') }), 'selfAssessment');
    expect(before.closed).toBeNull();
    expect(secondsLeft(before, at('2024-03-15T16:59:59.999Z'))).toBe(0);
    expect(phaseWindow(facts({ now: DUE.selfAssessment }), 'selfAssessment').closed).toEqual({
      at: DUE.selfAssessment,
      by: 'deadline',
    });
  });

  it('should close a phase at the instant the secretariat closed it early, before its deadline', () => {
    const early = at('2024-03-12T03:00:00.000Z');
    const f = facts({
      state: 'appraisal',
      closedEarly: { selfAssessment: early },
      now: at('2024-03-12T04:00:00.000Z'),
    });
    expect(phaseWindow(f, 'selfAssessment').closed).toEqual({ at: early, by: 'closedEarly' });
    expect(phaseWindow(f, 'appraisal')).toMatchObject({ started: true, closed: null });
    expect(phaseWindow(f, 'councilReview')).toMatchObject({ started: false, closed: null });
  });

  it('should end council review at the council approval and approval at the publication', () => {
    const approvedAt = at('2024-03-28T08:00:00.000Z');
    const publishedAt = at('2024-04-20T02:00:00.000Z');
    const f = facts({
      state: 'published',
      councilApprovedAt: approvedAt,
      publishedAt,
      now: at('2024-04-21T00:00:00Z'),
    });
    const [, , council, approval] = phaseWindows(f);
    expect(council.closed).toEqual({ at: approvedAt, by: 'completed' });
    expect(approval.closed).toEqual({ at: publishedAt, by: 'completed' });
  });

  it('should keep the earliest closing event: a decision taken before the deadline stays the reason', () => {
    const approvedAt = at('2024-03-28T08:00:00.000Z');
    const f = facts({ state: 'approval', councilApprovedAt: approvedAt, now: at('2024-04-10T00:00:00Z') });
    expect(phaseWindow(f, 'councilReview').closed).toEqual({ at: approvedAt, by: 'completed' });
  });

  it('should reopen a phase in progress when its deadline is extended (the context follows the extension)', () => {
    const overdue = facts({ state: 'councilReview', now: at('2024-04-02T00:00:00Z') });
    expect(phaseWindow(overdue, 'councilReview').closed?.by).toBe('deadline');
    const extended = facts({
      state: 'councilReview',
      now: at('2024-04-02T00:00:00Z'),
      deadlines: { ...overdue.deadlines, councilReview: { dueAt: at('2024-04-10T00:00:00Z'), generation: 2 } },
    });
    expect(phaseWindow(extended, 'councilReview').closed).toBeNull();
  });

  describe('a sheet', () => {
    const early = at('2024-03-12T03:00:00.000Z');
    const closed = facts({
      state: 'appraisal',
      closedEarly: { selfAssessment: early },
      now: at('2024-03-13T00:00:00Z'),
    });
    const own = { dueAt: DUE.selfAssessment, generation: 1, extended: false, grantedAt: null };

    it('should close at the early close even though its own deadline lies ahead', () => {
      expect(sheetWindow(closed, own).closed).toEqual({ at: early, by: 'closedEarly' });
    });

    it('should stay closed by the early close when its extension was granted before it', () => {
      const extendedBefore = {
        dueAt: at('2024-03-20T00:00:00Z'),
        generation: 2,
        extended: true,
        grantedAt: at('2024-03-11T00:00:00Z'),
      };
      expect(sheetWindow(closed, extendedBefore).closed?.by).toBe('closedEarly');
      expect(sheetWindow(closed, { ...extendedBefore, grantedAt: null }).closed?.by).toBe('closedEarly');
    });

    it('should reopen for one unit extended after the early close, until its new deadline', () => {
      const extendedAfter = {
        dueAt: at('2024-03-20T00:00:00Z'),
        generation: 2,
        extended: true,
        grantedAt: at('2024-03-12T05:00:00Z'),
      };
      expect(sheetWindow(closed, extendedAfter).closed).toBeNull();
      expect(sheetWindow({ ...closed, now: at('2024-03-20T00:00:00Z') }, extendedAfter).closed).toEqual({
        at: at('2024-03-20T00:00:00Z'),
        by: 'deadline',
      });
    });

    it('should close with the appraisal phase even when its extension runs longer', () => {
      const extendedAfter = {
        dueAt: at('2024-04-20T00:00:00Z'),
        generation: 2,
        extended: true,
        grantedAt: at('2024-03-12T05:00:00Z'),
      };
      const appraisalClosed = at('2024-03-25T00:00:00Z');
      const f = {
        ...closed,
        state: 'councilReview',
        closedEarly: { ...closed.closedEarly, appraisal: appraisalClosed },
        now: at('2024-03-26T00:00:00Z'),
      };
      expect(sheetWindow(f, extendedAfter)).toMatchObject({
        phase: 'appraisal',
        closed: { at: appraisalClosed, by: 'closedEarly' },
      });
    });

    it('should follow its own extension past the campaign deadline', () => {
      const late = facts({ state: 'appraisal', now: at('2024-03-18T00:00:00Z') });
      expect(sheetWindow(late, own).closed?.by).toBe('deadline');
      expect(
        sheetWindow(late, { dueAt: at('2024-03-20T00:00:00Z'), generation: 2, extended: true, grantedAt: null }).closed,
      ).toBeNull();
    });
  });

  it('should close a clarification at its own due instant or with the appraisal phase, whichever comes first', () => {
    const due = at('2024-03-25T00:00:00Z');
    expect(clarificationWindow(facts({ state: 'appraisal', now: at('2024-03-24T00:00:00Z') }), due).closed).toBeNull();
    expect(clarificationWindow(facts({ state: 'appraisal', now: due }), due)).toMatchObject({
      phase: 'clarification',
      closed: { at: due, by: 'deadline' },
    });
    const early = at('2024-03-20T00:00:00Z');
    const closedEarly = facts({
      state: 'councilReview',
      closedEarly: { appraisal: early },
      now: at('2024-03-21T00:00:00Z'),
    });
    expect(clarificationWindow(closedEarly, due)).toMatchObject({
      phase: 'appraisal',
      closed: { at: early, by: 'closedEarly' },
    });
  });
});
