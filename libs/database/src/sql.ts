import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { AppDataSource } from './data-source';

/** Result of an INSERT/UPDATE/DELETE through mysql2. */
export interface WriteResult {
  affectedRows: number;
  insertId: number;
}

/**
 * How to send a statement. `prepared`: as a server-side prepared statement (mysql2 `execute`, binary protocol) —
 * parsed once per connection and reused; for the few statements on the hot paths (the workflow runner's, the inbox
 * page). In a transaction it runs on the transaction's connection; a read outside one, on a pooled connection; a
 * write outside one falls back to a plain query. Each distinct SQL text is one statement kept open per connection
 * (at most 64, see dataSourceOptions), so only SQL built from a small set of shapes should use it.
 */
export interface SqlOptions {
  prepared?: boolean;
}

/** Typed raw query helpers: the engine writes its SQL by hand (conditional updates, SKIP LOCKED…). */
export function rows<T>(
  em: EntityManager,
  sql: string,
  params: unknown[] = [],
  options: SqlOptions = {},
): Promise<T[]> {
  return em.queryRunner
    ? onRunner<T[]>(em, sql, params, options)
    : poolQuery<T[]>(em, sql, params, options.prepared === true);
}

export function write(
  em: EntityManager,
  sql: string,
  params: unknown[] = [],
  options: SqlOptions = {},
): Promise<WriteResult> {
  return em.queryRunner ? onRunner<WriteResult>(em, sql, params, options) : em.query<WriteResult>(sql, params);
}

/** The part of a mysql2 (callback) connection or pool the helpers send statements with. */
type Callback = (error: Error | null, result: unknown) => void;
interface SendingConnection {
  query(sql: string, params: unknown[], callback: Callback): void;
  execute(sql: string, params: unknown[], callback: Callback): void;
}

/**
 * One statement straight to mysql2's callback API. TypeORM's `em.query` creates a query runner, logs, broadcasts
 * before/after events, copies the result and mysql2's promise wrapper captures a stack trace — for every statement,
 * tens of microseconds of CPU, as much as the statement's own parsing. Errors keep TypeORM's shape
 * (QueryFailedError carrying the driver error), which is what `isDuplicateKey` and the error filter read.
 */
function send<T>(target: SendingConnection, sql: string, params: unknown[], prepared = false): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done: Callback = (error, result) =>
      error ? reject(new QueryFailedError(sql, params, error)) : resolve(result as T);
    if (prepared) {
      target.execute(sql, params, done);
    } else {
      target.query(sql, params, done);
    }
  });
}

/**
 * A read outside any transaction, sent straight to the driver's mysql2 pool (the same pooled connections, in UTC),
 * prepared when asked: about a millisecond per read under load through `em.query`, which was half of an inbox
 * page's time against the bare indexed query.
 */
function poolQuery<T>(em: EntityManager, sql: string, params: unknown[], prepared: boolean): Promise<T> {
  const pool = (em.connection?.driver as { pool?: SendingConnection } | undefined)?.pool;
  return pool ? send<T>(pool, sql, params, prepared) : em.query<T>(sql, params);
}

/** A statement on the query runner's own pooled connection: inside the caller's transaction when it has one. */
async function onRunner<T>(em: EntityManager, sql: string, params: unknown[], options: SqlOptions): Promise<T> {
  const runner = em.queryRunner!;
  if (runner.isReleased) {
    return em.query<T>(sql, params);
  }
  const connection = (await runner.connect()) as SendingConnection;
  return send<T>(connection, sql, params, options.prepared === true);
}

/** TypeORM's transaction bookkeeping on a query runner (`transactionDepth` is protected in its typings). */
interface TransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
  /** The runner's connection: set before use, `connect()` answers it instead of taking one from TypeORM's pool. */
  databaseConnection: unknown;
}

/** A connection of the autocommit-off pool (mysql2's callback PoolConnection). */
interface TransactionConnection extends SendingConnection {
  destroy(): void;
}

function takeConnection(ds: DataSource): Promise<TransactionConnection> {
  if (!(ds instanceof AppDataSource)) {
    throw new Error('inTransaction needs the DataSource made by openDataSource (it owns the transaction pool)');
  }
  return new Promise((resolve, reject) =>
    ds
      .transactionPool()
      .getConnection((error, connection) => (error ? reject(error) : resolve(connection as TransactionConnection))),
  );
}

/**
 * `work` in one InnoDB transaction on one connection of the data source's autocommit-off pool (see
 * {@link AppDataSource}): the first statement of `work` opens the transaction, COMMIT and ROLLBACK are sent straight
 * to the connection (see {@link send}). The EntityManager handed to `work` is TypeORM's for a query runner on that
 * connection, so repositories work in it, and its bookkeeping says "in a transaction": a nested `em.transaction()`
 * takes a savepoint, as under `ds.transaction`. On any error the transaction is rolled back and the error rethrown;
 * a connection whose ROLLBACK failed is closed rather than handed to the next caller with a transaction open.
 */
export async function inTransaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const connection = await takeConnection(ds);
  const runner = ds.createQueryRunner();
  const state = runner as unknown as TransactionState;
  state.databaseConnection = connection;
  state.isTransactionActive = true;
  state.transactionDepth = 1;
  try {
    const result = await work(runner.manager);
    await send(connection, 'COMMIT', []);
    return result;
  } catch (error) {
    // The original error is what matters; a failed ROLLBACK (a lost connection) ends the transaction anyway.
    await send(connection, 'ROLLBACK', []).catch(() => connection.destroy());
    throw error;
  } finally {
    state.isTransactionActive = false;
    state.transactionDepth = 0;
    await runner.release();
  }
}

/** The part of a mysql2 (callback) connection a row-by-row read needs. */
type RowCommand = (options: { sql: string; values: unknown[]; rowsAsArray?: boolean }) => {
  on(event: 'result', listener: (row: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
};
interface EmittingConnection {
  query: RowCommand;
  execute: RowCommand;
}

/**
 * Reads a large result row by row as mysql2 parses it, calling `onRow` synchronously for each: the caller computes
 * while the server is still sending, and the rows are never all in memory (no array of 332,100 objects). Runs on the
 * transaction's connection when `em` has one, else on a pooled connection of its own. If `onRow` throws, the rest
 * of the result is still read (the connection must end the command before it goes back to the pool) and the first
 * error is thrown at the end.
 */
export async function eachRow<T>(
  em: EntityManager,
  sql: string,
  params: unknown[],
  onRow: (row: T) => void,
  /**
   * rowsAsArray: each row as an array of its columns in SELECT order — no object with named keys per row.
   * prepared: sent as a prepared statement, its rows in the binary protocol: the server sends each integer as its
   * 4 or 8 bytes instead of formatting it as text, which made the consolidation's 332,100-row read take about half
   * the time (the rows are the same values, numbers as numbers).
   */
  options: { rowsAsArray?: boolean } & SqlOptions = {},
): Promise<void> {
  const own = em.queryRunner ? undefined : em.connection.createQueryRunner();
  const runner = em.queryRunner ?? own!;
  try {
    const connection = (await runner.connect()) as EmittingConnection;
    let failed: { error: unknown } | undefined;
    await new Promise<void>((resolve, reject) => {
      const command = options.prepared ? connection.execute : connection.query;
      const query = command.call(connection, { sql, values: params, rowsAsArray: options.rowsAsArray });
      query.on('result', (row) => {
        if (failed) {
          return;
        }
        try {
          onRow(row as T);
        } catch (error) {
          failed = { error };
        }
      });
      query.on('error', reject);
      query.on('end', () => resolve());
    });
    if (failed) {
      throw failed.error;
    }
  } finally {
    await own?.release();
  }
}

/** The database clock (UTC, millisecond precision): every deadline comparison and audit time uses it. */
export async function dbNow(em: EntityManager): Promise<Date> {
  const [row] = await rows<{ now: Date }>(em, 'SELECT UTC_TIMESTAMP(3) AS now');
  return row.now;
}

/** The cheapest round trip to the server: a readiness probe. */
export async function pingDatabase(em: EntityManager): Promise<void> {
  await rows(em, 'SELECT 1');
}
