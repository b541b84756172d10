/**
 * The phase timeline's geometry (the leadership dashboard): where each phase's segment and the "Hôm nay" line go,
 * in percent of the bar. Pure, so it is unit-tested here; it lives in this dependency-free library because it is
 * the one the browser bundle shares with the server's tests.
 */

export interface TimelinePhase {
  /** When the phase starts (the first one: the campaign's own start; later ones: the previous deadline). */
  startsAt?: string | null;
  dueAt: string;
}

export interface TimelineGeometry {
  /** One per phase, in order: left edge and width in percent; they tile 0–100 exactly. */
  segments: Array<{ left: number; width: number }>;
  today: {
    /** 0–100: 0 before the campaign starts, 100 after its last deadline. */
    left: number;
    /** Which side of the line its label goes so it is never cut: 'start' = to the right, 'end' = to the left. */
    anchor: 'start' | 'end';
    outside: 'before' | 'after' | null;
  };
}

/** No phase is drawn narrower than this (percent), however short: every phase stays visible and named. */
export const MIN_SEGMENT_PERCENT = 10;
const DAY = 24 * 3600_000;

/**
 * Segments proportional to each phase's length above a minimum width, and today's position inside its own phase
 * (so it always falls in the right segment). A first phase whose start is missing or not before its deadline (a
 * campaign recorded after the fact) is drawn as long as the mean of the others.
 */
export function timelineGeometry(phases: readonly TimelinePhase[], now: Date | string | number): TimelineGeometry {
  const n = phases.length;
  if (n === 0) {
    return { segments: [], today: { left: 0, anchor: 'start', outside: null } };
  }
  const dues = phases.map((p) => Date.parse(p.dueAt));
  for (let i = 1; i < n; i++) {
    dues[i] = Math.max(dues[i], dues[i - 1]);
  }
  const others = dues.slice(1).map((d, i) => d - dues[i]);
  const mean = others.length ? others.reduce((a, b) => a + b, 0) / others.length : 30 * DAY;
  const declared = phases[0].startsAt ? Date.parse(phases[0].startsAt) : NaN;
  const start = Number.isFinite(declared) && declared < dues[0] ? declared : dues[0] - Math.max(DAY, mean);
  const bounds = [start, ...dues];
  const lengths = dues.map((d, i) => d - bounds[i]);
  const total = lengths.reduce((a, b) => a + b, 0);
  const min = Math.min(MIN_SEGMENT_PERCENT, 100 / n);
  const free = 100 - min * n;
  const segments: TimelineGeometry['segments'] = [];
  let left = 0;
  lengths.forEach((len, i) => {
    const width = i === n - 1 ? 100 - left : min + (total > 0 ? (free * len) / total : free / n);
    segments.push({ left, width });
    left += width;
  });

  const t = typeof now === 'number' ? now : now instanceof Date ? now.getTime() : Date.parse(now);
  let at: number;
  let outside: TimelineGeometry['today']['outside'] = null;
  if (t < start) {
    at = 0;
    outside = 'before';
  } else if (t > bounds[n]) {
    at = 100;
    outside = 'after';
  } else {
    const i = Math.max(
      0,
      bounds.findIndex((b, k) => k < n && t >= b && t <= bounds[k + 1]),
    );
    const span = bounds[i + 1] - bounds[i];
    at = segments[i].left + (span > 0 ? (segments[i].width * (t - bounds[i])) / span : 0);
  }
  return { segments, today: { left: at, anchor: at > 70 ? 'end' : 'start', outside } };
}
