/**
 * The processes of a load run: api and worker entry points started the way scripts/start.ts starts them
 * (scripts/register-ts.js), each with the event-loop probe preloaded and its own probe file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tsRunnerArgs } from '@config';

export interface ProbeReading {
  pid: number;
  generation: number;
  at: number;
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  delayMs: { p50: number; p99: number; max: number; mean: number };
}

export interface RunningProcess {
  name: string;
  kind: 'api' | 'worker';
  child: ChildProcess;
  probeFile: string;
  url?: string;
  output: string[];
}

export function startProcess(
  name: string,
  kind: 'api' | 'worker',
  env: Record<string, string | undefined>,
  probeDir: string,
  port?: number,
): RunningProcess {
  const entry = kind === 'api' ? 'apps/api/src/main.ts' : 'apps/worker/src/main.ts';
  const probeFile = join(probeDir, `${name}.json`);
  const probe = join(repoRoot(), 'scripts', 'scale', 'event-loop-probe.ts');
  const child = spawn(process.execPath, [...tsRunnerArgs(), '-r', probe, entry], {
    cwd: repoRoot(),
    env: {
      ...env,
      LOAD_PROBE_FILE: probeFile,
      ...(port ? { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  // Each process's own output stays next to its probe file, for a run that went wrong.
  const logFile = createWriteStream(join(probeDir, `${name}.log`));
  const keep = (d: Buffer) => {
    logFile.write(d);
    output.push(d.toString());
    if (output.length > 200) {
      output.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, kind, child, probeFile, ...(port ? { url: `http://127.0.0.1:${port}` } : {}), output };
}

/** Wait until an api answers /health/ready (MySQL and Redis reached). */
export async function waitReady(p: RunningProcess, timeoutMs = 600_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (p.child.exitCode !== null) {
      throw new Error(`${p.name} exited (${p.child.exitCode}):\n${p.output.join('')}`);
    }
    try {
      if ((await fetch(`${p.url}/health/ready`)).status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${p.name} was not ready within ${timeoutMs / 1000} s:\n${p.output.join('')}`);
}

/** Wait until a worker's probe has written once (the process is up and its event loop turning). */
export async function waitProbe(p: RunningProcess, timeoutMs = 600_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (p.child.exitCode !== null) {
      throw new Error(`${p.name} exited (${p.child.exitCode}):\n${p.output.join('')}`);
    }
    if (/ready|listening|started/i.test(p.output.join('')) && existsSync(p.probeFile)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${p.name} did not start within ${timeoutMs / 1000} s:\n${p.output.join('')}`);
}

let generation = 0;

/** Ask every probe to start over; resolves once each has (its file shows the new generation). */
export async function resetProbes(procs: RunningProcess[]): Promise<void> {
  generation++;
  procs.forEach((p) => writeFileSync(`${p.probeFile}.reset`, String(generation)));
  const until = Date.now() + 5000;
  for (const p of procs) {
    while (Date.now() < until) {
      try {
        if ((JSON.parse(readFileSync(p.probeFile, 'utf8')) as ProbeReading).generation >= generation) {
          break;
        }
      } catch {
        // being written
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The probe's figures since the last reset, once it has written after `after`. */
export async function readProbe(p: RunningProcess, after: number): Promise<ProbeReading | null> {
  const until = Date.now() + 5000;
  while (Date.now() < until) {
    try {
      const r = JSON.parse(readFileSync(p.probeFile, 'utf8')) as ProbeReading;
      if (r.at > after) {
        return r;
      }
    } catch {
      // being written
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

export async function stopProcess(p: RunningProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) {
    return;
  }
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
