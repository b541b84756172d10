import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Limits for one run of an external tool on untrusted input. */
export interface BoundedRunOptions {
  /** Absolute time (ms since epoch, `Date.now()` scale) after which the child is killed with SIGKILL. */
  deadline: number;
  /** Address-space cap in bytes, applied with util-linux `prlimit --as` when it is installed. */
  memoryLimitBytes?: number;
  /** Receives stdout chunk by chunk; stdout is not kept otherwise. */
  onStdout?: (chunk: Buffer) => void;
  /** How much of stdout (if not streamed) and stderr to keep, in bytes. Default 16 KiB each. */
  maxCapturedBytes?: number;
}

export interface BoundedRunResult {
  /** Exit code, or null when killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** True when the deadline killed the child. */
  timedOut: boolean;
  /** Captured stdout (empty when `onStdout` was given), truncated to `maxCapturedBytes`. */
  stdout: string;
  /** Captured stderr, truncated to `maxCapturedBytes`. */
  stderr: string;
}

const PRLIMIT = '/usr/bin/prlimit';

/**
 * Runs `command args…` with no shell, stdin closed, a wall-clock deadline and an optional memory cap.
 * Resolves only after the child has exited and been reaped (the 'close' event), also after a timeout kill,
 * so no zombie or orphan is left behind. Rejects only when the command cannot be started (e.g. ENOENT, also
 * through prlimit): that is a server fault, which callers must not report as a bad upload.
 */
export function runBounded(
  command: string,
  args: readonly string[],
  opts: BoundedRunOptions,
): Promise<BoundedRunResult> {
  const maxCaptured = opts.maxCapturedBytes ?? 16 * 1024;
  const usesPrlimit = opts.memoryLimitBytes !== undefined && existsSync(PRLIMIT);
  const [file, argv] = usesPrlimit
    ? [PRLIMIT, [`--as=${opts.memoryLimitBytes}`, '--', command, ...args]]
    : [command, [...args]];

  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    const stdout = new CappedText(maxCaptured);
    const stderr = new CappedText(maxCaptured);
    let timedOut = false;

    const remaining = Math.max(0, opts.deadline - Date.now());
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, remaining);

    child.stdout.on('data', (chunk: Buffer) => (opts.onStdout ? opts.onStdout(chunk) : stdout.add(chunk)));
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
    child.on('error', (error) => {
      if (child.pid === undefined) {
        // Never started (ENOENT, EACCES): no 'close' is guaranteed, so settle here.
        clearTimeout(timer);
        reject(error);
      }
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      if (usesPrlimit && (exitCode === 126 || exitCode === 127) && /failed to execute/.test(stderr.text())) {
        // prlimit could not exec the tool: a server misconfiguration, not a property of the input.
        reject(new Error(`cannot execute ${command}: ${stderr.text().trim()}`));
        return;
      }
      resolve({ exitCode, signal, timedOut, stdout: stdout.text(), stderr: stderr.text() });
    });
  });
}

class CappedText {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly max: number) {}

  add(chunk: Buffer): void {
    if (this.size < this.max) {
      const part = chunk.subarray(0, this.max - this.size);
      this.chunks.push(part);
      this.size += part.length;
    }
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
