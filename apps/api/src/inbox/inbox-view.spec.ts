import { isoUtc, toInboxView } from './inbox-view';
import type { InboxRow } from './inbox.queries';

describe('isoUtc', () => {
  it('should write what toISOString writes, across years, leap days and the edges of its four-digit range', () => {
    const points = [
      0,
      -1,
      951_782_400_000, // 2000-02-29
      4_107_542_399_999, // 2100-02-28T23:59:59.999
      -62_135_596_800_000, // 0001-01-01
      -62_135_596_800_001, // 0000-12-31T23:59:59.999 (toISOString's own form)
      253_402_300_799_999, // 9999-12-31T23:59:59.999
      253_402_300_800_000, // +010000-01-01
    ];
    let seed = 19;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      points.push(Math.floor((seed / 2_147_483_648 - 0.3) * 2e13));
    }
    for (const ms of points) {
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    }
  });
});

describe('toInboxView', () => {
  const now = new Date('2026-11-30T10:00:00.000Z');
  const task = (over: Partial<InboxRow>): InboxRow => ({
    id: 7,
    campaign_id: 1,
    sheet_id: 2,
    unit_id: 3,
    unit_name: 'Phường Yên Thanh',
    unit_group: 'ward',
    content_area: 'cchc',
    content_area_name: null,
    state: 'open',
    version: 1,
    assignee_user_id: null,
    assignee_username: null,
    assignee_full_name: null,
    original_assignee_user_id: null,
    due_at: new Date('2026-12-02T10:00:00.250Z'),
    follow_up_at: null,
    conflict_of_interest: 0,
    completed_at: null,
    clarification_answered: 0,
    server_now: now,
    ...over,
  });

  it('should write times as ISO strings and badge a task by the database clock', () => {
    const view = toInboxView(task({ follow_up_at: new Date('2026-11-30T09:00:00Z') }), now);
    expect(view).toMatchObject({
      dueAt: '2026-12-02T10:00:00.250Z',
      followUpAt: '2026-11-30T09:00:00.000Z',
      completedAt: null,
      contentAreaName: 'cchc',
      badge: { kind: 'dueSoon', secondsRemaining: 172_800, breached: false, followUpDue: true },
    });
    expect(toInboxView(task({ due_at: new Date('2026-12-10T00:00:00Z') }), now).badge.kind).toBe('onTrack');
    expect(toInboxView(task({ due_at: new Date('2026-11-30T09:59:59Z') }), now).badge).toMatchObject({
      kind: 'breached',
      secondsRemaining: -1,
    });
  });

  it('should say whether a completed task was done late, by its completion time', () => {
    const due = new Date('2026-11-29T00:00:00Z');
    const late = toInboxView(
      task({ state: 'completed', due_at: due, completed_at: new Date('2026-11-29T00:00:00Z') }),
      now,
    );
    expect(late).toMatchObject({
      completedAt: '2026-11-29T00:00:00.000Z',
      badge: { kind: 'doneLate', breached: true },
    });
    const onTime = toInboxView(
      task({ state: 'completed', due_at: due, completed_at: new Date('2026-11-28T23:59:59Z') }),
      now,
    );
    expect(onTime.badge).toMatchObject({ kind: 'done', breached: false, followUpDue: false });
  });
});
