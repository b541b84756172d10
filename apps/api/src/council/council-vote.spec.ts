import { DEFAULT_COUNCIL_RULES, required, voteProblems } from './council-vote';

const subject = { vi: 'kết quả', en: 'result' };

describe('council vote rules', () => {
  it('should need more than half for a majority, two thirds rounded up, and everyone for all', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => required('majority', n))).toEqual([1, 2, 2, 3, 3, 4, 4]);
    expect([3, 6, 7, 9].map((n) => required('twoThirds', n))).toEqual([2, 4, 5, 6]);
    expect(required('all', 5)).toBe(5);
  });

  it('should carry a majority of the members present when a quorum attends', () => {
    expect(voteProblems({ votesFor: 3, votesAgainst: 1, votesAbstain: 0 }, 7, DEFAULT_COUNCIL_RULES, subject)).toEqual(
      [],
    );
  });

  it('should refuse without a quorum, saying how many are present and needed', () => {
    const [p] = voteProblems({ votesFor: 3, votesAgainst: 0, votesAbstain: 0 }, 7, DEFAULT_COUNCIL_RULES, subject);
    expect(p.code).toBe('NO_QUORUM');
    expect(p.vi).toContain('3/7 thành viên có mặt');
    expect(p.vi).toContain('quá nửa (ít nhất 4)');
  });

  it('should refuse a vote that falls short of the threshold, abstentions counting as present', () => {
    const [p] = voteProblems(
      { votesFor: 3, votesAgainst: 1, votesAbstain: 1 },
      6,
      { quorum: 'majority', threshold: 'twoThirds' },
      subject,
    );
    expect(p.code).toBe('NOT_CARRIED');
    expect(p.vi).toBe(
      'Kết quả chưa được thông qua: 3/5 phiếu tán thành, cần ít nhất hai phần ba số thành viên có mặt (ít nhất 4). Hãy thảo luận thêm và biểu quyết lại.',
    );
  });

  it('should refuse more ballots than voting members', () => {
    const [p] = voteProblems({ votesFor: 5, votesAgainst: 0, votesAbstain: 0 }, 4, DEFAULT_COUNCIL_RULES, subject);
    expect(p.code).toBe('VOTES_EXCEED_MEMBERS');
  });
});
