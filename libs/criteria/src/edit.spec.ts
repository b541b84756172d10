import { editCriteriaSet } from './edit';
import { syntheticSet } from './test-helpers';
import { indexByCode } from './tree';

describe('editCriteriaSet', () => {
  it('should change a leaf and its parent together, leave the input alone, and validate clean', () => {
    const set = syntheticSet(2, 2); // 1.1, 1.2, 2.1, 2.2 at 1 point each; total 4
    const r = editCriteriaSet(set, [
      { code: '1.1', maxPoints: '1,5', ruleText: 'Đúng hạn: 1,5; Không đúng hạn: 0', evidenceHint: 'Báo cáo' },
      { code: '1.2', maxPoints: 0.5 },
      { code: '2.2', contentArea: 'noiVu' },
    ]);
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const byCode = indexByCode(r.set);
    expect(byCode.get('1.1')).toMatchObject({ maxPoints: 1500, evidenceHint: 'Báo cáo' });
    expect(byCode.get('1.1')!.rule).toMatchObject({ kind: 'levels', levels: [{ points: 1500 }, { points: 0 }] });
    expect(byCode.get('1.2')!.maxPoints).toBe(500);
    expect(byCode.get('2.2')!.contentArea).toBe('noiVu');
    expect(indexByCode(set).get('1.1')!.maxPoints).toBe(1000);
  });

  it('should report a parent sum that no longer adds up, through the existing validation', () => {
    const r = editCriteriaSet(syntheticSet(1, 2), [{ code: '1.1', maxPoints: 2 }]);
    expect(r.problems.map((p) => p.kind)).toContain('sum-mismatch');
  });

  it('should refuse unknown codes, unreadable points, rules on a parent and unrecognised rule text, in Vietnamese', () => {
    const r = editCriteriaSet(syntheticSet(1, 2), [
      { code: '9.9', maxPoints: 1 },
      { code: '1.1', maxPoints: 'một' },
      { code: '1', ruleText: 'Chấm theo thực tế' },
      { code: '1.2', ruleText: 'tuỳ tình hình' },
    ]);
    expect(r.problems.map((p) => [p.kind, p.code])).toEqual(
      expect.arrayContaining([
        ['unknown-code', '9.9'],
        ['invalid-points', '1.1'],
        ['rule-on-parent', '1'],
        ['rule-not-recognised', '1.2'],
      ]),
    );
    expect(r.problems.every((p) => /[ạảãàáâậầấẩẫăắằặẳẵđêếềệểễôốồộổỗơớờợởỡưứừựửữ]/i.test(p.messageVi))).toBe(true);
  });
});
