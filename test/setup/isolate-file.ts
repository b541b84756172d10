import { testConfig } from '@config';
import { openDataSource } from '@lib/database';
import { deleteQueueKeys } from '@lib/workflow';
import { formatViolation, takeContractViolations } from '../support/contract';
import { truncateAll } from '../support/database';

/**
 * Before each integration/e2e file: empty this jest worker's database and its BullMQ keys. Files share a
 * database and a queue prefix per worker; ids restart after a TRUNCATE, so a job id derived from a row id
 * (`sheet-3-submitted`) left by an earlier file would otherwise deduplicate — and silently swallow — the
 * same job of this file.
 */
beforeAll(async () => {
  const config = testConfig();
  await deleteQueueKeys(config);
  const ds = await openDataSource(config, { poolSize: 1 });
  try {
    await truncateAll(ds);
  } finally {
    await ds.destroy();
  }
});

/**
 * Fail the test during which the api broke docs/openapi.json (test/support/contract.ts records every exchange of
 * `startTestApi`). Exchanges that finish between tests (a page still polling) fail the next test, or the file.
 */
function failOnContractViolations(): void {
  const violations = takeContractViolations();
  if (violations.length > 0) {
    const lines = violations.map((v) => `  - ${formatViolation(v)}${v.test ? `  (during "${v.test}")` : ''}`);
    throw new Error(
      `The api and docs/openapi.json disagree (${violations.length}); fix the code or the document ` +
        `(README, "The contract check"):\n${lines.join('\n')}`,
    );
  }
}
afterEach(failOnContractViolations);
afterAll(failOnContractViolations);
