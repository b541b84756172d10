import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { loadConfig, processEnv, repoRoot, tsRunnerArgs } from '@config';
import { row, type Benchmark } from './harness';
import { benchDatabase } from './support';

const DURATION_S = 5;

async function waitFor(url: string): Promise<void> {
  // Up to 2 minutes: the api starts from its TypeScript source, which takes long on a busy 2-core machine.
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(url)).ok) {
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

async function rps(url: string): Promise<number> {
  await autocannon({ url, connections: 10, duration: 1 }); // warm-up
  const result = await autocannon({ url, connections: 10, duration: DURATION_S });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return result.requests.average;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    // A child that already died (e.g. the api refused its configuration) never emits 'exit' again: waiting for it
    // left nothing on the event loop and the whole `npm run bench` ended silently, without its results file.
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** GET /health/live through the whole api stack vs. a bare Node http server answering the same JSON. */
const bench: Benchmark = {
  name: 'http',
  async run() {
    // A scratch database of its own (migrated), never the dev database, which a fresh machine does not have.
    const { config, ds } = await benchDatabase('par_index_bench_http');
    await ds.destroy();
    const env = {
      ...processEnv(),
      DATABASE_URL: config.database.url,
      QUEUE_PREFIX: config.redis.prefix,
      PORT: '3911',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    };
    loadConfig(env); // fail fast on a bad environment
    const api = spawn(process.execPath, [...tsRunnerArgs(), 'apps/api/src/main.ts'], {
      cwd: repoRoot(),
      env,
      stdio: 'ignore',
    });
    const bare = spawn(
      process.execPath,
      [
        '-e',
        "require('http').createServer((q,s)=>{s.setHeader('content-type','application/json');s.end(JSON.stringify({status:'ok'}))}).listen(3912)",
      ],
      { stdio: 'ignore' },
    );
    try {
      await waitFor('http://127.0.0.1:3911/health/live');
      await waitFor('http://127.0.0.1:3912/');
      const baseline = await rps('http://127.0.0.1:3912/');
      const figure = await rps('http://127.0.0.1:3911/health/live');
      return [
        row(
          'GET /health/live (api) vs bare node http',
          figure,
          baseline,
          'req/s',
          true,
          `10 connections, ${DURATION_S} s`,
        ),
      ];
    } finally {
      await Promise.all([stop(api), stop(bare)]);
    }
  },
};

export default bench;
