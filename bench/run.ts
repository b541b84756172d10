// `npm run bench [-- name-filter]`: runs every bench/*.bench.ts, prints `name | figure | baseline | ratio` (and the
// row's own goal where it has one) and writes all rows to bench/results.json. Each benchmark measures its own baseline in the same run.
import 'reflect-metadata';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Benchmark, BenchRow } from './harness';

async function main(): Promise<void> {
  const filter = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !filter || f.includes(filter))
    .sort();
  const results: Array<BenchRow & { benchmark: string }> = [];
  const failures: string[] = [];
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { default?: Benchmark };
    const bench = mod.default;
    if (!bench) {
      failures.push(`${file}: no default-exported Benchmark`);
      continue;
    }
    process.stdout.write(`running ${bench.name} …\n`);
    try {
      for (const row of await bench.run()) {
        results.push({ benchmark: bench.name, ...row });
        console.log(format(row));
      }
    } catch (error) {
      failures.push(`${bench.name}: ${(error as Error).message}`);
      console.error(`  failed: ${(error as Error).message}`);
    }
  }
  const out = join(__dirname, 'results.json');
  writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), results, failures }, null, 2)}\n`);
  console.log(`\n${['name', 'figure', 'baseline', 'ratio'].join(' | ')}`);
  for (const r of results) {
    console.log(format(r));
  }
  console.log(`\nWrote ${out}${failures.length ? ` (${failures.length} failed)` : ''}`);
  process.exit(failures.length ? 1 : 0);
}

function format(r: BenchRow): string {
  const n = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));
  // Each row against its own goal; a row without one says nothing about a goal.
  const goal = r.goal === undefined ? '' : ` (goal ≥ ${r.goal}: ${r.ratio >= r.goal ? 'met' : 'NOT met'})`;
  return `${r.name} | ${n(r.figure)} ${r.unit} | ${n(r.baseline)} ${r.unit} | ${r.ratio}${goal}${r.note ? `  (${r.note})` : ''}`;
}

void main();
