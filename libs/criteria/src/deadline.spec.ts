import { deadlineText } from './deadline';

describe('deadlineText', () => {
  it('should read an exclusive midnight instant as the day before, with the instant it locks', () => {
    // 00:00 on 25/12/2026 in Hà Nội: the last day is 24/12 (issue 17: tasks said 25/12, the campaign 24/12).
    const t = deadlineText(new Date('2026-12-24T17:00:00Z'), 'Asia/Ho_Chi_Minh');
    expect(t).toEqual({
      lastDay: '24/12/2026',
      locksAt: '00:00 ngày 25/12/2026',
      vi: 'hết ngày 24/12/2026 (khóa lúc 00:00 ngày 25/12/2026)',
      en: 'end of 24/12/2026 (locks at 00:00 on 25/12/2026)',
    });
  });

  it('should read any other instant as that day at its time, in the campaign time zone', () => {
    expect(deadlineText(new Date('2024-03-15T10:00:00Z'), 'Asia/Ho_Chi_Minh').vi).toBe('17:00 ngày 15/03/2024');
    expect(deadlineText(new Date('2024-03-15T10:00:00Z'), 'UTC').lastDay).toBe('15/03/2024');
  });
});
