import { MIN_SEGMENT_PERCENT, timelineGeometry } from '@lib/web-routes';

const DAY = 24 * 3600_000;
const at = (iso: string) => new Date(iso);
/** Four phases: 30, 10, 1 and 20 days from 2026-01-01 (the council's is short, as in real campaigns). */
const phases = [
  { startsAt: '2026-01-01T00:00:00Z', dueAt: '2026-01-31T00:00:00Z' },
  { startsAt: '2026-01-31T00:00:00Z', dueAt: '2026-02-10T00:00:00Z' },
  { startsAt: '2026-02-10T00:00:00Z', dueAt: '2026-02-11T00:00:00Z' },
  { startsAt: '2026-02-11T00:00:00Z', dueAt: '2026-03-03T00:00:00Z' },
];

describe('timelineGeometry', () => {
  it('should draw every phase, none narrower than the minimum, tiling the bar exactly', () => {
    const g = timelineGeometry(phases, at('2026-01-15T00:00:00Z'));
    expect(g.segments).toHaveLength(4);
    for (const s of g.segments) {
      expect(s.width).toBeGreaterThanOrEqual(MIN_SEGMENT_PERCENT - 1e-9);
    }
    expect(g.segments[0].left).toBe(0);
    for (let i = 1; i < 4; i++) {
      expect(g.segments[i].left).toBeCloseTo(g.segments[i - 1].left + g.segments[i - 1].width, 9);
    }
    expect(g.segments[3].left + g.segments[3].width).toBeCloseTo(100, 9);
    // Longer phases are wider.
    expect(g.segments[0].width).toBeGreaterThan(g.segments[3].width);
    expect(g.segments[3].width).toBeGreaterThan(g.segments[1].width);
  });

  it("should put today inside the current phase's own segment, label to the right", () => {
    const g = timelineGeometry(phases, at('2026-02-05T00:00:00Z'));
    const s = g.segments[1];
    // Halfway through the appraisal phase.
    expect(g.today.left).toBeCloseTo(s.left + s.width / 2, 9);
    expect(g.today.outside).toBeNull();
    expect(g.today.anchor).toBe('start');
  });

  it('should sit at the right end of a past campaign with its label to the left (never clipped)', () => {
    const g = timelineGeometry(phases, at('2026-11-29T00:00:00Z'));
    expect(g.today).toEqual({ left: 100, anchor: 'end', outside: 'after' });
  });

  it('should sit at the left end of a future campaign with its label to the right', () => {
    const g = timelineGeometry(phases, at('2025-06-01T00:00:00Z'));
    expect(g.today).toEqual({ left: 0, anchor: 'start', outside: 'before' });
  });

  it("should take the campaign's own first start, not a fixed number of days before the first deadline", () => {
    const late = [{ ...phases[0], startsAt: '2026-01-21T00:00:00Z' }, ...phases.slice(1)];
    // Ten days into a 30-day phase vs. the first day of a 10-day one: the same instant, different places.
    expect(timelineGeometry(phases, at('2026-01-21T00:00:00Z')).today.left).toBeGreaterThan(0);
    expect(timelineGeometry(late, at('2026-01-21T00:00:00Z')).today.left).toBe(0);
    expect(timelineGeometry(late, at('2026-01-20T00:00:00Z')).today.outside).toBe('before');
  });

  it('should still draw a campaign recorded after its first deadline (start not before it)', () => {
    const recorded = [{ ...phases[0], startsAt: '2026-06-01T00:00:00Z' }, ...phases.slice(1)];
    const g = timelineGeometry(recorded, Date.parse('2026-01-31T00:00:00Z') - DAY);
    expect(g.segments.every((s) => s.width > 0)).toBe(true);
    expect(g.today.outside).toBeNull();
    expect(g.today.left).toBeGreaterThan(0);
    expect(g.today.left).toBeLessThan(g.segments[1].left);
  });
});
