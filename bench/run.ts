// `npm run bench [-- name-filter]`: runs every bench/*.bench.ts, prints `name | figure | baseline | ratio` (and the
// row's own goal where it has one) and merges its rows into bench/results.json. Each benchmark measures its own baseline in the same run.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processEnv } from '@config';
import type { Benchmark, BenchRow } from './harness';

/** The line a benchmark's own process ends with: its rows, for the parent to collect. */
const ROWS_MARK = '@@bench-rows ';

async function main(): Promise<void> {
  const only = process.argv[2] === '--one' ? process.argv[3] : undefined;
  if (only) {
    return runOne(only);
  }
  const filter = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !filter || f.includes(filter))
    .sort();
  const results: Stored[] = [];
  const failures: string[] = [];
  const ran: string[] = [];
  for (const file of files) {
    // Each benchmark in a process of its own: a fresh heap and a cold JIT for every one, so what an earlier
    // benchmark left behind (a million inbox rows in memory, its garbage) does not slow the next one's figure.
    const outcome = await inOwnProcess(file);
    if ('error' in outcome) {
      failures.push(`${outcome.name ?? file}: ${outcome.error}`);
      console.error(`  failed: ${outcome.error}`);
      if (outcome.name) {
        ran.push(outcome.name);
      }
      continue;
    }
    ran.push(outcome.name);
    for (const row of outcome.rows) {
      results.push({ benchmark: outcome.name, at: new Date().toISOString(), ...row });
    }
  }
  const out = join(__dirname, 'results.json');
  writeFileSync(out, `${JSON.stringify(merge(out, ran, results, failures), null, 2)}\n`);
  console.log(`\n${['name', 'figure', 'baseline', 'ratio'].join(' | ')}`);
  for (const r of results) {
    console.log(format(r));
  }
  console.log(`\nWrote ${out}${failures.length ? ` (${failures.length} failed)` : ''}`);
  process.exit(failures.length ? 1 : 0);
}

type Outcome = { name: string; rows: BenchRow[] } | { name?: string; error: string };

/** `node -r register-ts bench/run.ts --one <file>`: its output passes through, its rows come back on the last line. */
function inOwnProcess(file: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, __filename, '--one', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
      // As the compiled build runs: without source maps (see scripts/register-ts.js), whose parsed maps of every
      // package made the heap, and each full garbage collection, about 1.6 times larger.
      env: { ...processEnv(), PAR_SOURCE_MAPS: 'off' },
    });
    let outcome: Outcome | undefined;
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(ROWS_MARK)) {
          outcome = JSON.parse(line.slice(ROWS_MARK.length)) as Outcome;
        } else {
          process.stdout.write(`${line}\n`);
        }
      }
    });
    child.on('close', (code, signal) =>
      resolve(outcome ?? { error: `its process ended (${signal ?? `exit ${code}`}) before reporting` }),
    );
  });
}

async function runOne(file: string): Promise<void> {
  const mod = (await import(join(__dirname, file))) as { default?: Benchmark };
  const bench = mod.default;
  let outcome: Outcome;
  if (!bench) {
    outcome = { error: 'no default-exported Benchmark' };
  } else {
    process.stdout.write(`running ${bench.name} …\n`);
    try {
      const rows = await bench.run();
      for (const row of rows) {
        console.log(format(row));
      }
      outcome = { name: bench.name, rows };
    } catch (error) {
      outcome = { name: bench.name, error: (error as Error).message };
    }
  }
  process.stdout.write(`${ROWS_MARK}${JSON.stringify(outcome)}\n`);
  // A benchmark may leave handles open (a pool, a server); its rows are out, so the process ends here.
  process.exit(0);
}

type Stored = BenchRow & { benchmark: string; at: string };

/**
 * `npm run bench -- inbox` must not wipe the other benchmarks' figures: the rows of the benchmarks that ran
 * replace their old rows, every other row stays with the "at" of the run that measured it.
 */
function merge(
  file: string,
  ran: string[],
  results: Stored[],
  failures: string[],
): { at: string; results: Stored[]; failures: string[] } {
  let old: { at?: string; results?: Array<BenchRow & { benchmark: string; at?: string }>; failures?: string[] } = {};
  if (existsSync(file)) {
    try {
      old = JSON.parse(readFileSync(file, 'utf8')) as typeof old;
    } catch {
      // A broken file is replaced rather than stopping the run that just measured new figures.
    }
  }
  const kept = (old.results ?? [])
    .filter((r) => !ran.includes(r.benchmark))
    .map((r) => ({ ...r, at: r.at ?? old.at ?? '' }));
  const keptFailures = (old.failures ?? []).filter((f) => !ran.some((name) => f.startsWith(`${name}:`)));
  return {
    at: new Date().toISOString(),
    results: [...kept, ...results].sort((a, b) => a.benchmark.localeCompare(b.benchmark)),
    failures: [...keptFailures, ...failures],
  };
}

function format(r: BenchRow): string {
  const n = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));
  // Each row against its own goal; a row without one says nothing about a goal.
  const goal = r.goal === undefined ? '' : ` (goal ≥ ${r.goal}: ${r.ratio >= r.goal ? 'met' : 'NOT met'})`;
  return `${r.name} | ${n(r.figure)} ${r.unit} | ${n(r.baseline)} ${r.unit} | ${r.ratio}${goal}${r.note ? `  (${r.note})` : ''}`;
}

void main();
