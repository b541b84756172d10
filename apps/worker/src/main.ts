import 'reflect-metadata';
import { loadConfig } from '@config';
import { preflight, reportStartupFailure } from '@lib/common';
import { createWorkerApp } from './worker.factory';

async function main(): Promise<void> {
  const config = loadConfig();
  await preflight(config);
  await createWorkerApp(config);
  console.log('par-index worker started');
}

main().catch(reportStartupFailure);
