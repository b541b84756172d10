/**
 * Preloaded (`node -r …/event-loop-probe.ts`) into the api and worker processes of `npm run load`: when
 * LOAD_PROBE_FILE is set, every 500 ms it writes the process's event-loop delay (monitorEventLoopDelay), CPU time
 * and RSS since the last reset to that file, so the load generator reads figures measured inside each process
 * without any product code knowing about it. A reset is asked for by writing a higher generation number into
 * `<file>.reset` (not a signal: Nest's shutdown hooks treat SIGUSR2 as a shutdown). Without the variable it does
 * nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { processEnv } from '@config';

const file = processEnv().LOAD_PROBE_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let cpuFrom = process.cpuUsage();
  let since = Date.now();
  let generation = 0;
  const ms = (ns: number) => Math.round(ns / 10_000) / 100;
  const dump = () => {
    const cpu = process.cpuUsage(cpuFrom);
    writeFileSync(
      file,
      JSON.stringify({
        pid: process.pid,
        generation,
        at: Date.now(),
        wallMs: Date.now() - since,
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        rssMb: Math.round(process.memoryUsage().rss / 1048576),
        delayMs: {
          p50: ms(histogram.percentile(50)),
          p99: ms(histogram.percentile(99)),
          max: ms(histogram.max),
          mean: ms(histogram.mean),
        },
      }),
    );
  };
  const tick = () => {
    let asked = generation;
    try {
      asked = Number(readFileSync(`${file}.reset`, 'utf8')) || generation;
    } catch {
      // no reset asked for yet
    }
    if (asked > generation) {
      histogram.reset();
      cpuFrom = process.cpuUsage();
      since = Date.now();
      generation = asked;
    }
    dump();
  };
  setInterval(tick, 250).unref();
}
