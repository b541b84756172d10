import { checkPhaseOrder, deadlineFromLocal, lastDayShown } from './phase-order';

const TZ = 'Asia/Ho_Chi_Minh';
/** The exclusive instant of a local last day. */
const due = (lastDay: string) => deadlineFromLocal(lastDay, TZ)!;

describe('checkPhaseOrder', () => {
  const ordered = {
    selfAssessment: due('2026-12-24'),
    appraisal: due('2027-01-10'),
    councilReview: due('2027-01-20'),
    approval: due('2027-01-31'),
  };

  it('should accept deadlines that each come after the one before', () => {
    expect(checkPhaseOrder(ordered, TZ)).toEqual([]);
  });

  it('should refuse an earlier deadline, naming both phases and their last days', () => {
    const problems = checkPhaseOrder({ ...ordered, appraisal: due('2026-12-20') }, TZ);
    expect(problems.map((p) => [p.kind, p.field, p.messageVi])).toEqual([
      ['deadline-order', 'appraisal', 'Hạn thẩm định (20/12/2026) phải sau hạn tự đánh giá (24/12/2026).'],
    ]);
    expect(problems[0].message).toBe(
      'The appraisal deadline (20/12/2026) must be after the self-assessment deadline (24/12/2026).',
    );
  });

  it('should refuse a deadline equal to the one before it', () => {
    const problems = checkPhaseOrder({ ...ordered, councilReview: ordered.appraisal }, TZ);
    expect(problems.map((p) => p.messageVi)).toEqual([
      'Hạn họp Hội đồng thẩm định (10/01/2027) phải sau hạn thẩm định (10/01/2027).',
    ]);
  });

  it('should skip phases left out, so one extension is checked against its neighbours', () => {
    expect(checkPhaseOrder({ appraisal: ordered.appraisal, approval: ordered.approval }, TZ)).toEqual([]);
    expect(
      checkPhaseOrder({ selfAssessment: ordered.approval, councilReview: ordered.councilReview }, TZ),
    ).toHaveLength(1);
  });

  it('should accept ISO strings as stored', () => {
    expect(
      checkPhaseOrder({ selfAssessment: '2024-03-15T17:00:00.000Z', appraisal: '2024-03-15T17:00:00Z' }, TZ)[0].field,
    ).toBe('appraisal');
  });
});

describe('local deadlines', () => {
  it('should store a last day as the next local midnight and show it back', () => {
    expect(due('2026-12-24').toISOString()).toBe('2026-12-24T17:00:00.000Z');
    expect(lastDayShown('2026-12-24T17:00:00.000Z', TZ)).toBe('24/12/2026');
  });

  it('should take a local date and time as the exclusive instant itself', () => {
    expect(deadlineFromLocal('2026-12-24T17:00', TZ)!.toISOString()).toBe('2026-12-24T10:00:00.000Z');
  });

  it('should refuse text that is not a date', () => {
    expect(deadlineFromLocal('24/12/2026', TZ)).toBeUndefined();
  });
});
