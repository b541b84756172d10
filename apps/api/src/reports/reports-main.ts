import 'reflect-metadata';
import { loadConfig } from '@config';
import { preflight, reportStartupFailure } from '@lib/common';
import { createReportsWorkerApp } from './reports-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  await preflight(config);
  await createReportsWorkerApp(config);
  console.log('par-index reports process consuming the reports queue');
}

main().catch(reportStartupFailure);
