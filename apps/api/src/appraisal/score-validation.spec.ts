import { toMilli, type CriterionNode } from '@lib/criteria';
import { possibleScores } from '@lib/criteria';
import { validateAppraisedScore, validateScoreBatch } from './score-validation';

const leaf = (rule: CriterionNode['rule'], max = 2): CriterionNode => ({
  code: '1.1.3',
  title: 'Mức độ hoàn thành',
  maxPoints: toMilli(max),
  rule,
  children: [],
});

describe(validateAppraisedScore.name, () => {
  const bands = leaf({
    kind: 'bands',
    bands: [
      { min: '100', points: 2000 },
      { min: '80', points: 1000 },
    ],
    otherwise: 0,
  });

  it('should accept a value the rule can award, as a number or a decimal string with a comma', () => {
    expect(validateAppraisedScore(bands, 1)).toEqual({ ok: true, milli: 1000 });
    expect(validateAppraisedScore(leaf({ kind: 'manual' }), '1,25')).toEqual({ ok: true, milli: 1250 });
  });

  it('should refuse text, a negative score, a score above max and a value the rule cannot award', () => {
    const code = (v: unknown) => {
      const r = validateAppraisedScore(bands, v);
      return r.ok ? 'ok' : r.problem.code;
    };
    expect(code('abc')).toBe('SCORE_NOT_A_NUMBER');
    expect(code(null)).toBe('SCORE_NOT_A_NUMBER');
    expect(code(0.0001)).toBe('SCORE_NOT_A_NUMBER');
    expect(code(-1)).toBe('SCORE_OUT_OF_RANGE');
    expect(code(2.5)).toBe('SCORE_OUT_OF_RANGE');
    expect(code(1.5)).toBe('SCORE_NOT_ALLOWED_BY_RULE');
  });

  it('should enumerate checklist subset sums and respect a perOccurrence floor', () => {
    const checklist = possibleScores(
      leaf(
        {
          kind: 'checklist',
          items: [
            { key: 'a', label: 'A', points: 333 },
            { key: 'b', label: 'B', points: 333 },
            { key: 'c', label: 'C', points: 334 },
          ],
        },
        1,
      ),
    );
    expect([...checklist!].sort((a, b) => a - b)).toEqual([0, 333, 334, 666, 667, 1000]);
    const perOcc = leaf({ kind: 'perOccurrence', deduction: 250, floor: 500 });
    expect(validateAppraisedScore(perOcc, 0.25).ok).toBe(false);
    expect(validateAppraisedScore(perOcc, 0.75).ok).toBe(true);
  });
});

describe(validateScoreBatch.name, () => {
  const manual = leaf({ kind: 'manual' });
  const area = new Map([[manual.code, manual]]);

  it('should take round 2 by default on a clarified leaf and round 1 elsewhere', () => {
    expect(validateScoreBatch([{ code: '1.1.3', points: 1 }], area, new Set(['1.1.3'])).valid).toEqual([
      { code: '1.1.3', milli: 1000, comment: null, round: 2 },
    ]);
    expect(validateScoreBatch([{ code: '1.1.3', points: 1, comment: 'ok' }], area, new Set()).valid).toEqual([
      { code: '1.1.3', milli: 1000, comment: 'ok', round: 1 },
    ]);
  });

  it('should list every problem of the batch: unknown leaf, a leaf twice, round 2 without clarification, bad score', () => {
    const { valid, problems } = validateScoreBatch(
      [
        { code: '9.9', points: 1 },
        { code: '1.1.3', points: 1, round: 2 },
        { code: '1.1.3', points: 1 },
      ],
      area,
      new Set(),
    );
    expect(valid).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(['UNKNOWN_LEAF', 'NO_CLARIFICATION', 'DUPLICATE_LEAF']);
    expect(validateScoreBatch([{ code: '1.1.3', points: 'x' }], area, new Set()).problems[0].code).toBe(
      'SCORE_NOT_A_NUMBER',
    );
  });
});
