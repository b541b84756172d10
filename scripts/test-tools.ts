// `npm test`'s first step (the `pretest` script): make sure the programs the test suites use as independent
// oracles (test/tools.txt) are there. Missing ones are installed on Debian when running as root (one line
// says so); otherwise it stops with one sentence naming the exact command to run. `--check-only` never
// installs (for CI logs and for testing this script).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processEnv, repoRoot } from '@config';

interface Tool {
  command: string;
  probe: string[];
  packages: string[];
}

export function readToolList(file = join(repoRoot(), 'test', 'tools.txt')): Tool[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [command, probe, ...packages] = line.split(/\s+/);
      return { command, probe: [probe], packages };
    });
}

/** Runs the probe; a tool is missing when it cannot be started or the shell-style "not found" code comes back. */
function isMissing(tool: Tool, env: Record<string, string | undefined>): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(tool.command, tool.probe, { env, stdio: 'ignore', timeout: 60_000 });
    child.on('error', () => resolve(true));
    child.on('exit', (code) => resolve(code === 127 || code === 126));
  });
}

async function main(): Promise<number> {
  const checkOnly = process.argv.includes('--check-only');
  const env = processEnv();
  const tools = readToolList();
  const missing = async () => {
    const flags = await Promise.all(tools.map((t) => isMissing(t, env)));
    return tools.filter((_, i) => flags[i]);
  };
  let absent = await missing();
  if (absent.length === 0) {
    return 0;
  }
  const packages = [...new Set(absent.flatMap((t) => t.packages))];
  const names = [...new Set(absent.map((t) => t.command))].join(', ');
  const canInstall = !checkOnly && existsSync('/etc/debian_version') && process.getuid?.() === 0;
  if (canInstall) {
    console.log(`npm test: installing the test tools ${names} (apt-get install ${packages.join(' ')}) …`);
    const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
    // apt's own chatter (debconf notes) stays out of the output unless something fails.
    const apt = (args: string[]) => spawnSync('apt-get', args, { env: aptEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    const update = apt(['update', '-qq']);
    const install =
      update.status === 0 ? apt(['install', '-y', '-qq', '--no-install-recommends', ...packages]) : update;
    if (install.status !== 0) {
      process.stderr.write(install.stderr);
    }
    absent = install.status === 0 ? await missing() : absent;
    if (absent.length === 0) {
      return 0;
    }
  }
  const still = [...new Set(absent.flatMap((t) => t.packages))];
  console.error(
    `npm test needs ${[...new Set(absent.map((t) => t.command))].join(', ')} (independent test oracles, not used by the product); install them with: sudo apt-get install -y --no-install-recommends ${still.join(' ')}`,
  );
  return 1;
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
