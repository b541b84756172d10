import { matchName, normaliseName } from './names';

const orgs = [
  { id: 1, name: 'Văn phòng HĐND và UBND thành phố', aliases: ['VP HĐND-UBND'] },
  { id: 2, name: 'Phòng Nội vụ thành phố' },
  { id: 3, name: 'Phòng Nội vụ huyện Đông Triều' },
  { id: 4, name: 'Sở Tư pháp' },
  { id: 5, name: 'Phòng Tài chính - Kế hoạch' },
];

describe('normaliseName', () => {
  it('drops diacritics (đ → d), case, punctuation and extra spaces, and reads "&" as "và"', () => {
    expect(normaliseName('  Văn phòng HĐND & UBND ')).toBe('van phong hdnd va ubnd');
    expect(normaliseName('Phòng Tài chính - Kế hoạch')).toBe('phong tai chinh ke hoach');
    expect(normaliseName('ĐÔNG   Triều')).toBe('dong trieu');
    expect(normaliseName('Phòng Tư pháp.')).toBe(normaliseName('phong tu phap'));
  });
});

describe('matchName', () => {
  it('matches a name exactly, accent- and case-insensitively', () => {
    expect(matchName('so tu phap', orgs)).toEqual({ kind: 'exact', id: 4 });
    expect(matchName('SỞ TƯ PHÁP', orgs)).toEqual({ kind: 'exact', id: 4 });
  });

  it('counts aliases as names', () => {
    expect(matchName('VP HĐND - UBND', orgs)).toEqual({ kind: 'exact', id: 1 });
  });

  it('matches uniquely a name without its trailing words ("…thành phố")', () => {
    expect(matchName('Văn phòng HĐND và UBND', orgs)).toEqual({ kind: 'unique', id: 1 });
    expect(matchName('Văn phòng HĐND & UBND', orgs)).toEqual({ kind: 'unique', id: 1 });
    expect(matchName('Phòng Tài chính Kế hoạch', orgs)).toEqual({ kind: 'exact', id: 5 });
    expect(matchName('Tài chính - Kế hoạch', orgs)).toEqual({ kind: 'unique', id: 5 });
  });

  it('reports a name two candidates contain as ambiguous, listing both', () => {
    expect(matchName('Phòng Nội vụ', orgs)).toEqual({ kind: 'ambiguous', ids: [2, 3] });
  });

  it('prefers an exact match over candidates that merely contain the words', () => {
    const withPlain = [...orgs, { id: 6, name: 'Phòng Nội vụ' }];
    expect(matchName('Phòng Nội vụ', withPlain)).toEqual({ kind: 'exact', id: 6 });
  });

  it('reports two candidates sharing a name exactly as ambiguous', () => {
    const twins = [
      { id: 'a', name: 'UBND xã Yên Thọ' },
      { id: 'b', name: 'UBND xa Yen Tho' },
    ];
    expect(matchName('ubnd xã yên thọ', twins)).toEqual({ kind: 'ambiguous', ids: ['a', 'b'] });
  });

  it('does not know a name no candidate contains, nor an empty one', () => {
    expect(matchName('Phòng Y tế', orgs)).toEqual({ kind: 'unknown' });
    expect(matchName(' - ', orgs)).toEqual({ kind: 'unknown' });
  });
});
