import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder above this file holding package.json (works from src and dist). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error('par-index: cannot find the repository root (no package.json above config/).');
    }
    dir = parent;
  }
  return dir;
}

/** Seed data (catalogs, campaigns) shipped in config/data. */
export function configDataPath(...parts: string[]): string {
  return join(repoRoot(), 'config', 'data', ...parts);
}

/**
 * Node's arguments to run one of this repository's TypeScript entry points (`node …tsRunnerArgs() entry.ts`):
 * scripts/register-ts.js, which transpiles file by file and keeps the output on disk (see there for why).
 */
export function tsRunnerArgs(): string[] {
  return ['-r', join(repoRoot(), 'scripts', 'register-ts.js')];
}
