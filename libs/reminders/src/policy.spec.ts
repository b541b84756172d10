import { DEFAULT_REMINDER_POLICY, kindsAt, latestSlot, nextSendingSlot, viDeadline } from '@lib/reminders';

const TZ = 'Asia/Ho_Chi_Minh';
const policy = { ...DEFAULT_REMINDER_POLICY, holidays: ['2024-03-11'] };

describe('reminder policy', () => {
  it('should put the daily slot at 08:00 local time and key it by the local date', () => {
    const slot = latestSlot(policy, TZ, new Date('2024-03-08T02:00:00Z')); // 09:00 local, a Friday
    expect(slot.at.toISOString()).toBe('2024-03-08T01:00:00.000Z');
    expect(slot.localDay).toBe('2024-03-08');
    expect(slot.skipped).toBeNull();
    expect(latestSlot(policy, TZ, new Date('2024-03-08T00:30:00Z')).localDay).toBe('2024-03-07');
  });

  it('should skip weekends and holidays, and preview the next working slot', () => {
    expect(latestSlot(policy, TZ, new Date('2024-03-09T05:00:00Z')).skipped).toBe('weekend');
    expect(latestSlot(policy, TZ, new Date('2024-03-11T05:00:00Z')).skipped).toBe('holiday');
    expect(nextSendingSlot(policy, TZ, new Date('2024-03-08T05:00:00Z')).localDay).toBe('2024-03-12');
  });

  it('should send 7, 3 and 1 days before, daily when overdue, and escalate after 3 days', () => {
    const due = new Date('2024-03-15T17:00:00Z'); // "trước ngày 16/03/2024"
    const at = (d: string) => kindsAt(policy, new Date(`${d}T01:00:00Z`), due);
    expect(at('2024-03-07').owner).toBeNull();
    expect(at('2024-03-09').owner).toBe('before-7d');
    expect(at('2024-03-12').owner).toBe('before-7d');
    expect(at('2024-03-13').owner).toBe('before-3d');
    expect(at('2024-03-15').owner).toBe('before-1d');
    expect(at('2024-03-16')).toEqual({ owner: 'overdue', escalate: false });
    expect(at('2024-03-19')).toEqual({ owner: 'overdue', escalate: true });
    expect(viDeadline(due, TZ)).toBe('hết ngày 15/03/2024 (khóa lúc 00:00 ngày 16/03/2024)');
    expect(viDeadline(new Date('2024-03-15T10:00:00Z'), TZ)).toBe('17:00 ngày 15/03/2024');
  });
});
