import 'reflect-metadata';
import { loadConfig } from '@config';
import { preflight, reportStartupFailure } from '@lib/common';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  const config = loadConfig();
  await preflight(config);
  const app = await createApiApp(config);
  await app.listen(config.http.port);
  console.log(`par-index api listening on ${config.http.publicUrl} (OpenAPI: ${config.http.publicUrl}/api/docs)`);
}

main().catch(reportStartupFailure);
