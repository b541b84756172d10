import { testConfig, testEnv } from '@config';
import {
  dataSourceOptions,
  detectFlavour,
  inTransaction,
  openDataSource,
  recreateDatabase,
  type AppDataSource,
} from '@lib/database';
import type { EntityManager } from 'typeorm';
import { TcpProxy } from './support/tcp-proxy';
import { spawnTs, waitForExit } from './support/process';
import { startTestApi, type TestApi } from './support/apps';
import { eventually } from './support/engine';

describe('foundation', () => {
  describe('migrations', () => {
    const config = testConfig();
    const scratch = `${config.database.name}_scratch`;
    const scratchConfig = { ...config, database: { ...config.database, name: scratch } };

    afterAll(async () => {
      const ds = await openDataSource(config, { poolSize: 1 });
      await ds.query(`DROP DATABASE IF EXISTS \`${scratch}\``);
      await ds.destroy();
    });

    it('should build the whole schema from an empty database, with no drift from the entities', async () => {
      await recreateDatabase(config, scratch);
      const ds = await openDataSource(scratchConfig, { poolSize: 1 });
      try {
        const applied = await ds.runMigrations({ transaction: 'each' });
        expect(applied.length).toBeGreaterThan(0);
        const tables: Array<{ name: string }> = await ds.query(
          'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
        );
        expect(tables.map((t) => t.name)).toEqual(
          expect.arrayContaining(['authorities', 'organisations', 'units', 'users']),
        );
        // What `migration:generate --check` does: the schema the entities describe equals the migrated one.
        const pending = await ds.driver.createSchemaBuilder().log();
        expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      } finally {
        await ds.destroy();
      }
    });

    it('should never synchronize the schema from entities', async () => {
      const options = dataSourceOptions(config, await detectFlavour(config));
      expect(options.synchronize).toBe(false);
      expect(options.migrationsRun).toBe(false);
    });

    it('should store DATETIME(6) in UTC on every pooled connection', async () => {
      const opened = await openDataSource(config, { poolSize: 3 });
      try {
        const zones = await Promise.all(
          [1, 2, 3, 4, 5, 6].map(() => opened.query('SELECT @@session.time_zone AS tz, SLEEP(0.05) AS s')),
        );
        expect(new Set(zones.map((rows: Array<{ tz: string }>) => rows[0].tz))).toEqual(new Set(['+00:00']));
      } finally {
        await opened.destroy();
      }
    });
  });

  describe('inTransaction (the workflow runner transactions, on the autocommit-off pool)', () => {
    const config = testConfig();
    let ds: AppDataSource;
    const table = 'scratch_in_transaction';

    beforeAll(async () => {
      ds = await openDataSource(config, { poolSize: 2 });
      await ds.query(`CREATE TABLE IF NOT EXISTS ${table} (id INT PRIMARY KEY)`);
      await ds.query(`DELETE FROM ${table}`);
    });

    afterAll(async () => {
      await ds.query(`DROP TABLE IF EXISTS ${table}`);
      await ds.destroy();
    });

    const session = (em: EntityManager) =>
      em.query(
        'SELECT @@session.autocommit AS autocommit, @@session.in_transaction AS open, @@session.time_zone AS tz',
      );

    it('should open the transaction with its first statement, in UTC, and commit it whole', async () => {
      const seen = await inTransaction(ds, async (em) => {
        const before = await session(em);
        await em.query(`INSERT INTO ${table} VALUES (1)`);
        // Not yet visible to anyone else: it is one uncommitted transaction, not a statement committed on its own.
        const outside = await ds.query(`SELECT COUNT(*) AS n FROM ${table}`);
        return { before: before[0], after: (await session(em))[0], outside: Number(outside[0].n) };
      });
      expect(seen).toEqual({
        before: { autocommit: 0, open: 0, tz: '+00:00' },
        after: { autocommit: 0, open: 1, tz: '+00:00' },
        outside: 0,
      });
      expect(await ds.query(`SELECT id FROM ${table}`)).toEqual([{ id: 1 }]);
    });

    it('should roll everything back when the work throws, and hand the connection back with nothing open', async () => {
      await expect(
        inTransaction(ds, async (em) => {
          await em.query(`INSERT INTO ${table} VALUES (2)`);
          // A savepoint taken by a nested TypeORM transaction is part of the same transaction.
          await em.transaction((nested) => nested.query(`INSERT INTO ${table} VALUES (3)`));
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await ds.query(`SELECT id FROM ${table} ORDER BY id`)).toEqual([{ id: 1 }]);
      // Both pooled connections in turn: none is left inside a transaction by the refused work.
      const states = await Promise.all([1, 2].map(() => inTransaction(ds, async (em) => (await session(em))[0])));
      expect(states).toEqual([
        { autocommit: 0, open: 0, tz: '+00:00' },
        { autocommit: 0, open: 0, tz: '+00:00' },
      ]);
    });

    it('should leave TypeORM’s own pool with autocommit on, so a read outside a transaction holds nothing open', async () => {
      const rowsOutside = await Promise.all(
        [1, 2, 3].map(() => ds.query('SELECT @@session.autocommit AS autocommit, SLEEP(0.02) AS s')),
      );
      expect(rowsOutside.map((r: Array<{ autocommit: number }>) => r[0].autocommit)).toEqual([1, 1, 1]);
    });
  });

  describe('boot', () => {
    it('should stop with a sentence naming an invalid variable, and no stack trace', async () => {
      const result = await waitForExit(spawnTs('apps/api/src/main.ts', testEnv({ PORT: 'eighty' })));
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim()).toBe(
        'Invalid configuration: PORT must be a TCP port number between 1 and 65535 (got "eighty").',
      );
    });

    it('should stop with a sentence naming REDIS_URL when Redis is unreachable', async () => {
      const result = await waitForExit(
        spawnTs('apps/worker/src/main.ts', testEnv({ REDIS_URL: 'redis://127.0.0.1:1' })),
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(
        /^Cannot reach Redis at 127\.0\.0\.1:1: nothing is listening there\. Set REDIS_URL/,
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it('should stop with a sentence naming DATABASE_URL when MySQL is unreachable', async () => {
      const result = await waitForExit(
        spawnTs('apps/api/src/main.ts', testEnv({ DATABASE_URL: 'mysql://root@127.0.0.1:1/par_index' })),
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/^Cannot reach MySQL\/MariaDB at 127\.0\.0\.1:1 .*Set DATABASE_URL/);
    });
  });

  describe('health', () => {
    let api: TestApi;
    afterEach(() => api?.close());

    it('should be live and ready when MySQL and Redis answer', async () => {
      api = await startTestApi();
      const live = await fetch(`${api.url}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${api.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ok', failing: [] });
      expect(ready.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('should answer 503 naming redis when Redis stops answering, and recover when it is back', async () => {
      const proxy = new TcpProxy('127.0.0.1', 6379);
      const port = await proxy.start();
      try {
        api = await startTestApi({ REDIS_URL: `redis://127.0.0.1:${port}` });
        expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);
        await proxy.stop();
        const down = await fetch(`${api.url}/health/ready`);
        expect(down.status).toBe(503);
        expect(await down.json()).toMatchObject({ status: 'unavailable', failing: ['redis'] });
        await proxy.start(port);
        await eventually(async () => (await fetch(`${api.url}/health/ready`)).status === 200, 10_000, 200);
      } finally {
        await proxy.stop();
      }
    });
  });
});
