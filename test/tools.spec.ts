import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { processEnv, repoRoot, tsRunnerArgs } from '@config';
import { readToolList } from '../scripts/test-tools';

/** `npm test`'s tool check (scripts/test-tools.ts) with the oracles shadowed on PATH by scripts that exit 127. */
describe('test tools check', () => {
  let shadow: string;

  beforeAll(async () => {
    shadow = await mkdtemp(join(tmpdir(), 'par-shadow-'));
    for (const name of ['qpdf', 'pdfsig', 'soffice', 'libreoffice', 'chromium-headless-shell']) {
      await writeFile(join(shadow, name), '#!/bin/sh\nexit 127\n');
      await chmod(join(shadow, name), 0o755);
    }
  });
  afterAll(() => rm(shadow, { recursive: true, force: true }));

  it('should list every program the suites spawn, with the Debian packages that bring it (libnss3-tools too)', () => {
    const tools = new Map(readToolList().map((t) => [t.command, t.packages]));

    expect(tools.get('pdfsig')).toEqual(['poppler-utils']);
    expect(tools.get('certutil')).toEqual(['libnss3-tools']);
    expect(tools.get('chromium-headless-shell')).toEqual(['chromium-headless-shell']);
    expect([...tools.keys()]).toEqual(expect.arrayContaining(['soffice', 'libreoffice', 'unzip', 'openssl']));
    expect([...tools.keys()]).not.toContain('qpdf');
  });

  it('should stop with one sentence naming the exact apt-get command when tools are missing', async () => {
    const env = { ...processEnv(), PATH: `${shadow}${delimiter}${processEnv().PATH ?? ''}` };
    const child = spawn(process.execPath, [...tsRunnerArgs(), 'scripts/test-tools.ts', '--check-only'], {
      cwd: repoRoot(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));

    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual([
      'npm test needs pdfsig, soffice, libreoffice, chromium-headless-shell (independent test oracles, not used by the product); install them with: sudo apt-get install -y --no-install-recommends poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui chromium-headless-shell',
    ]);
  }, 120_000);
});
