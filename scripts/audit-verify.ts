// `npm run audit:verify`: walk every audit chain and report the first broken link (exit 1), or that all hold.
import 'reflect-metadata';
import { loadConfig } from '@config';
import { describeMysqlError, openDataSource } from '@lib/database';
import { verifyAuditChain } from '@lib/workflow';

async function main(): Promise<number> {
  const config = loadConfig();
  const ds = await openDataSource(config, { poolSize: 1 }).catch((error: unknown) => {
    console.error(describeMysqlError(config, error));
    process.exit(1);
  });
  try {
    const result = await verifyAuditChain(ds);
    if (result.ok) {
      console.log(`Audit log intact: ${result.rows} entries in ${result.streams} chains verified.`);
      return 0;
    }
    const where = result.brokenAtId === null ? 'at the end of its chain' : `at audit_log.id = ${result.brokenAtId}`;
    console.error(`Audit log BROKEN ${where} (${result.entity}): ${result.reason}. ${result.rows} entries checked.`);
    return 1;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
