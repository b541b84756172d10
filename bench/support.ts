import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadConfig, processEnv, testNamespace, type AppConfig } from '@config';
import { openDataSource, recreateDatabase } from '@lib/database';
import type { DataSource } from 'typeorm';

/**
 * A scratch database for benchmarks (par_index_bench…), migrated from empty, never the dev database. With
 * `TEST_NAMESPACE` set, the database name and queue prefix carry it, so two people benchmarking on one machine
 * never drop each other's data.
 */
export async function benchDatabase(baseName = 'par_index_bench'): Promise<{ config: AppConfig; ds: DataSource }> {
  const ns = testNamespace();
  const name = ns ? `${baseName}_${ns}` : baseName;
  const base = loadConfig();
  const url = new URL(base.database.url);
  url.pathname = `/${name}`;
  const config = loadConfig({
    ...processEnv(),
    DATABASE_URL: url.toString(),
    QUEUE_PREFIX: `parbench${ns}`,
    LOG_LEVEL: 'silent',
  });
  await recreateDatabase(config, name);
  const ds = await openDataSource(config, { poolSize: 10 });
  await ds.runMigrations({ transaction: 'each' });
  return { config, ds };
}

const execFileAsync = promisify(execFile);

/**
 * Upload `path` as evidence to `sheetId` with curl, in its own process (undici's FormData encoder on this event
 * loop would slow the server down and add its buffers to what is measured). Answers the HTTP status, e.g. '201'.
 */
export async function curlEvidenceUpload(
  url: string,
  session: { cookie: string; csrfToken: string },
  sheetId: number,
  path: string,
  i: number,
): Promise<string> {
  const { stdout } = await execFileAsync('curl', [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    '-H',
    `cookie: ${session.cookie}`,
    '-H',
    `x-csrf-token: ${session.csrfToken}`,
    ...['criterionCodes=1.1.1', 'documentType=KH', `documentNumber=${i}/KH-UBND`, 'issuedOn=2023-01-15']
      .concat(['issuingBody=UBND', 'summary=Kế hoạch CCHC', `file=@${path};type=application/pdf`])
      .flatMap((f) => ['-F', f]),
    `${url}/api/sheets/${sheetId}/evidence`,
  ]);
  return stdout;
}
