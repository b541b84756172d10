/**
 * The benchmark harness: every benchmark measures its own baseline in the same run, on the same machine,
 * and reports the ratio — never an absolute figure compared against a constant, which would flake on a shared box.
 */
export interface BenchRow {
  /** What was measured, e.g. "criteria: score+rank 3,321 units × 100 leaves". */
  name: string;
  /** The application's figure, in `unit`. */
  figure: number;
  /** The baseline's figure, measured in the same run, in `unit`. */
  baseline: number;
  /** figure / baseline when higher is better; baseline / figure when lower is better (so > 1 is always "better than baseline"). */
  ratio: number;
  /** e.g. "ops/s", "MB/s", "ms p95". */
  unit: string;
  /** Optional free text: sizes, concurrency. */
  note?: string;
  /** The ratio this row must reach (issue 19's table of goals); absent where none is set. */
  goal?: number;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchRow[]>;
}

/** Build a row; `higherIsBetter` decides the direction of the ratio; `goal` is the ratio the row must reach. */
export function row(
  name: string,
  figure: number,
  baseline: number,
  unit: string,
  higherIsBetter: boolean,
  note?: string,
  goal?: number,
): BenchRow {
  const ratio = higherIsBetter ? figure / baseline : baseline / figure;
  return { name, figure, baseline, ratio: Number(ratio.toFixed(3)), unit, note, goal };
}

/** Run `fn` repeatedly for about `ms` milliseconds after a short warm-up; returns operations per second. */
export async function opsPerSecond(fn: () => unknown, ms = 2000, warmupMs = 300): Promise<number> {
  const until = (limit: number) => {
    const start = performance.now();
    let n = 0;
    return async () => {
      while (performance.now() - start < limit) {
        await fn();
        n++;
      }
      return (n * 1000) / (performance.now() - start);
    };
  };
  await until(warmupMs)();
  return until(ms)();
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The application and its baseline in alternating rounds (A B A B …), each timed with {@link opsPerSecond}, and
 * the median of each: a shared machine's load drifts during a run, and alternating makes it hit both sides alike
 * instead of whichever happened to run in the busy minute.
 */
export async function alternatingOps(
  app: () => unknown,
  baseline: () => unknown,
  opts: { rounds: number; appMs: number; baselineMs: number; warmupMs?: number },
): Promise<{ app: number; baseline: number; apps: number[]; baselines: number[] }> {
  const apps: number[] = [];
  const baselines: number[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    const warmup = round === 0 ? (opts.warmupMs ?? 300) : 0;
    apps.push(await opsPerSecond(app, opts.appMs, warmup));
    baselines.push(await opsPerSecond(baseline, opts.baselineMs, warmup));
  }
  return { app: median(apps), baseline: median(baselines), apps, baselines };
}
