import type { AppConfig } from '@config';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming.strategy';
import { withServerConnection } from './server-connection';

/**
 * The one DataSource definition, used by the api, the worker, the tests and the TypeORM CLI.
 * Times are DATETIME(6) in UTC: mysql2 converts with `timezone: 'Z'` and every session runs with
 * time_zone '+00:00' so CURRENT_TIMESTAMP defaults and UTC_TIMESTAMP agree.
 */
export type ServerFlavour = 'mysql' | 'mariadb';

export function dataSourceOptions(
  config: AppConfig,
  flavour: ServerFlavour,
  overrides: Partial<{ poolSize: number }> = {},
): DataSourceOptions {
  const db = config.database;
  return {
    // TypeORM reads column defaults differently on MariaDB (it reports NULL defaults as 'NULL'); the wrong
    // type makes `migration:generate --check` see drift that is not there.
    type: flavour,
    host: db.host,
    port: db.port,
    username: db.user,
    password: db.password,
    database: db.name,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: false,
    poolSize: overrides.poolSize ?? db.poolSize,
    // Each pooled connection keeps at most this many prepared statements (`rows`/`write` with `prepared`), closing
    // the least recently used: the server refuses new ones past max_prepared_stmt_count (16,382 by default, shared by
    // every connection), and the inbox page's text varies with the filters set. mysql2's default is 16,000 each.
    extra: { maxPreparedStatements: 64 },
    connectTimeout: 5000,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
  };
}

/** The part of a mysql2 (callback) pool the data source uses; a connection is typed by whoever uses it. */
interface PoolLike {
  on(event: 'connection', listener: (connection: { query(sql: string): unknown }) => void): void;
  getConnection(callback: (error: Error | null, connection: unknown) => void): void;
  end(callback: (error?: Error | null) => void): void;
}

/** The part of TypeORM's MysqlDriver a second pool is built from: the mysql2 module and its connection options. */
interface MysqlDriverInternals {
  pool?: PoolLike;
  options: DataSourceOptions;
  mysql: { createPool(options: object): PoolLike };
  createConnectionOptions(options: DataSourceOptions, credentials: DataSourceOptions): object;
}

const UTC_SESSION = "SET time_zone = '+00:00'";

/**
 * The DataSource of every api, worker and reports process (and of the tests): TypeORM's, plus a second pool whose
 * connections run with autocommit off, for `inTransaction`. On such a connection the first statement opens the
 * transaction (the same REPEATABLE READ transaction, its snapshot taken at the first read, as after START
 * TRANSACTION), so a workflow transition is SELECT, UPDATE, INSERT, COMMIT: one round trip fewer than with START
 * TRANSACTION, about a sixth of a transition's time on loopback. TypeORM's own pool keeps autocommit on: its reads
 * outside a transaction must not leave one open. Each process opens at most DATABASE_POOL_SIZE connections in
 * each pool, only as they are needed.
 */
export class AppDataSource extends DataSource {
  private transactions: PoolLike | undefined;

  /** The autocommit-off pool, opened on first use with TypeORM's connection options (host, charset, UTC). */
  transactionPool(): PoolLike {
    if (!this.transactions) {
      const driver = this.driver as unknown as MysqlDriverInternals;
      const pool = driver.mysql.createPool(driver.createConnectionOptions(driver.options, driver.options));
      pool.on('connection', (connection) => {
        connection.query(`${UTC_SESSION}, autocommit = 0`);
      });
      this.transactions = pool;
    }
    return this.transactions;
  }

  override async destroy(): Promise<void> {
    const pool = this.transactions;
    this.transactions = undefined;
    if (pool) {
      await new Promise<void>((resolve) => pool.end(() => resolve()));
    }
    await super.destroy();
  }
}

/** Create and initialise a DataSource whose every pooled connection runs in UTC. */
export async function openDataSource(
  config: AppConfig,
  overrides: Partial<{ poolSize: number }> = {},
): Promise<AppDataSource> {
  const ds = new AppDataSource(dataSourceOptions(config, await detectFlavour(config), overrides));
  await ds.initialize();
  await useUtcSessions(ds);
  return ds;
}

/**
 * mysql2 has no per-connection init statement: set the zone on every new pooled connection, and on the
 * single connection TypeORM opened while initialising (it is idle, so the next query reuses it).
 */
async function useUtcSessions(ds: DataSource): Promise<void> {
  const driver = ds.driver as unknown as MysqlDriverInternals;
  driver.pool?.on('connection', (connection) => {
    connection.query(UTC_SESSION);
  });
  await ds.query(UTC_SESSION);
}

/** Ask the server whether it is MariaDB or MySQL (one short connection). */
export function detectFlavour(config: AppConfig): Promise<ServerFlavour> {
  return withServerConnection(config, async (connection) => {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const version = String((rows as Array<{ version: string }>)[0]?.version ?? '');
    return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  });
}
