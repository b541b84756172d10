// `npm start`: one command for a newcomer — prepares MySQL (database, migrations, seed, first admin), then runs
// the api and the worker (and a local SMTP sink when no SMTP_URL is set) until Ctrl-C.
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, processEnv, repoRoot, tsRunnerArgs } from '@config';
import { preflight, reportStartupFailure } from '@lib/common';
import { bootstrapDatabase } from '../apps/api/src/bootstrap/bootstrap';

function run(name: string, entry: string, env: Record<string, string | undefined>): ChildProcess {
  const child = spawn(process.execPath, [...tsRunnerArgs(), entry], {
    cwd: repoRoot(),
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`par-index ${name} stopped (${signal ?? `exit ${code}`}); stopping everything.`);
      void stop(1);
    }
  });
  return child;
}

let stopping = false;
const children: ChildProcess[] = [];

async function stop(code: number): Promise<void> {
  stopping = true;
  for (const child of children) {
    child.kill('SIGTERM');
  }
  await Promise.all(children.filter((c) => c.exitCode === null).map((c) => new Promise((r) => c.on('exit', r))));
  process.exit(code);
}

/** `vite build apps/web` (a couple of seconds), so `npm start` serves the app at `/` on a fresh clone. */
function buildWebApp(env: Record<string, string | undefined>): Promise<void> {
  const vite = join(repoRoot(), 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', 'apps/web', '--logLevel', 'warn'], {
      cwd: repoRoot(),
      env: { ...env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`building the web app failed (exit ${code})`)),
    );
  });
}

async function waitForReady(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${url}/health/ready`)).status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the api did not become ready at ${url}/health/ready within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  await preflight(config, { createDatabase: true });
  const report = await bootstrapDatabase(config);
  if (report.migrations.length > 0) {
    console.log(`Applied ${report.migrations.length} migrations.`);
  }
  for (const c of report.seededCampaigns) {
    console.log(`Seeded campaign "${c.plan}" from config/data (${c.sheets} units).`);
  }
  if (report.admin.created) {
    console.log(
      report.admin.oneTimePassword
        ? `First admin account: admin / ${report.admin.oneTimePassword}  (shown once; you will be asked to change it)`
        : 'First admin account: admin (password from ADMIN_PASSWORD)',
    );
  }
  const env = processEnv();
  if (!existsSync(join(repoRoot(), 'apps', 'web', 'dist', 'index.html'))) {
    console.log('Building the web app (apps/web) …');
    await buildWebApp(env);
  }
  const sink = join(repoRoot(), 'apps', 'worker', 'src', 'mail', 'dev-smtp-sink.ts');
  if (!config.mail.smtpUrl && existsSync(sink)) {
    // Development default: mail goes to a local sink, readable in the app (Quản trị → Thư đã gửi).
    env.SMTP_URL = `smtp://127.0.0.1:${config.mail.devSinkPort}`;
    children.push(run('smtp sink', sink, env));
  }
  children.push(run('api', 'apps/api/src/main.ts', env));
  children.push(run('worker', 'apps/worker/src/main.ts', env));
  // Report jobs (exports of the consolidation and the publications) are built here, off the api's event loop.
  children.push(run('reports', 'apps/api/src/reports/reports-main.ts', env));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  await waitForReady(`http://127.0.0.1:${config.http.port}`);
  console.log(`\npar-index is ready: ${config.http.publicUrl}  (API docs: ${config.http.publicUrl}/api/docs)\n`);
}

main().catch(async (error: unknown) => {
  if (children.length > 0) {
    console.error(error instanceof Error ? error.message : error);
    await stop(1);
  }
  reportStartupFailure(error);
});
