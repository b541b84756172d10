// `npm run seed:scale`: the national fixture of issue 19 in a database of its own (SCALE_DATABASE_URL, default
// mysql://root@127.0.0.1:3306/par_index_scale[_<TEST_NAMESPACE>]), dropped and recreated on every run.
// SCALE_AUTHORITIES / SCALE_COMMUNES / SCALE_DEPARTMENTS shrink it (the integration test seeds 2 × 10 units).
import 'reflect-metadata';
import { processEnv } from '@config';
import { reportStartupFailure } from '@lib/common';
import { defaultScaleUrl, NATIONAL, seedScale, type ScaleOptions } from './fixture';

const num = (name: string, fallback: number): number => {
  const raw = processEnv()[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number (got "${raw}").`);
  }
  return value;
};

export function scaleOptionsFromEnv(env: Record<string, string | undefined> = processEnv()): ScaleOptions {
  const ns = env.TEST_NAMESPACE ?? '';
  return {
    databaseUrl: defaultScaleUrl(env),
    uploadDir: env.SCALE_UPLOAD_DIR ?? `/tmp/${ns ? `${ns}-` : 'par-index-'}scale-uploads`,
    queuePrefix: env.SCALE_QUEUE_PREFIX ?? `${ns}parscale`,
    authorities: num('SCALE_AUTHORITIES', NATIONAL.authorities),
    communes: num('SCALE_COMMUNES', NATIONAL.communes),
    departments: num('SCALE_DEPARTMENTS', NATIONAL.departments),
    filledLeaves: num('SCALE_FILLED_LEAVES', 80),
    evidencePool: num('SCALE_EVIDENCE_POOL', 64),
    hoursToDeadline: num('SCALE_HOURS_TO_DEADLINE', 20),
  };
}

async function main(): Promise<void> {
  const options = scaleOptionsFromEnv();
  console.log(
    `Seeding ${options.authorities} authorities, ${options.departments} departments, ${options.communes} communes into ${options.databaseUrl} …`,
  );
  const summary = await seedScale({ ...options, log: (line) => console.log(line) });
  console.log(JSON.stringify(summary, null, 2));
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => reportStartupFailure(error),
  );
}
