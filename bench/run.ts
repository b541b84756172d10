// `npm run bench [-- name-filter]`: runs every bench/*.bench.ts, prints `name | figure | baseline | ratio` (and the
// row's own goal where it has one) and merges its rows into bench/results.json. Each benchmark measures its own baseline in the same run.
import 'reflect-metadata';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Benchmark, BenchRow } from './harness';

async function main(): Promise<void> {
  const filter = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !filter || f.includes(filter))
    .sort();
  const results: Stored[] = [];
  const failures: string[] = [];
  const ran: string[] = [];
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { default?: Benchmark };
    const bench = mod.default;
    if (!bench) {
      failures.push(`${file}: no default-exported Benchmark`);
      continue;
    }
    ran.push(bench.name);
    process.stdout.write(`running ${bench.name} …\n`);
    try {
      for (const row of await bench.run()) {
        results.push({ benchmark: bench.name, at: new Date().toISOString(), ...row });
        console.log(format(row));
      }
    } catch (error) {
      failures.push(`${bench.name}: ${(error as Error).message}`);
      console.error(`  failed: ${(error as Error).message}`);
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
