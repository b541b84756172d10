import { QueryFailedError, type EntityManager } from 'typeorm';

/** Result of an INSERT/UPDATE/DELETE through mysql2. */
export interface WriteResult {
  affectedRows: number;
  insertId: number;
}

/**
 * How to send a statement. `prepared`: as a server-side prepared statement (mysql2 `execute`, binary protocol) on
 * the transaction's connection — parsed once per connection and reused; for the few fixed statements on the hot
 * paths (the workflow runner's). Outside a transaction (no query runner) it falls back to a plain query.
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
  if (options.prepared) {
    return execute<T[]>(em, sql, params);
  }
  return em.queryRunner ? em.query<T[]>(sql, params) : poolQuery<T[]>(em, sql, params);
}

/** The part of mysql2's (callback) pool a plain read needs. */
interface QueryingPool {
  query(sql: string, params: unknown[], callback: (error: Error | null, result: unknown) => void): void;
}

/**
 * A read outside any transaction, sent straight to the driver's mysql2 pool (the same pooled connections, in UTC).
 * TypeORM's `em.query` creates a query runner, a promise wrapper, broadcasts before/after events and copies the
 * result for every statement: about a millisecond per read under load, which was half of an inbox page's time
 * against the bare indexed query. Errors keep TypeORM's shape (QueryFailedError with the driver error).
 */
function poolQuery<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T> {
  const pool = (em.connection?.driver as { pool?: QueryingPool } | undefined)?.pool;
  if (!pool) {
    return em.query<T>(sql, params);
  }
  return new Promise<T>((resolve, reject) => {
    pool.query(sql, params, (error, result) =>
      error ? reject(new QueryFailedError(sql, params, error)) : resolve(result as T),
    );
  });
}

export function write(
  em: EntityManager,
  sql: string,
  params: unknown[] = [],
  options: SqlOptions = {},
): Promise<WriteResult> {
  return options.prepared ? execute<WriteResult>(em, sql, params) : em.query<WriteResult>(sql, params);
}

/** The part of a mysql2 (callback) connection `execute` needs. */
interface PreparingConnection {
  execute(sql: string, params: unknown[], callback: (error: Error | null, result: unknown) => void): void;
}

async function execute<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T> {
  const runner = em.queryRunner;
  if (!runner || runner.isReleased) {
    return em.query<T>(sql, params);
  }
  // The query runner's own pooled connection: the statement runs inside the caller's transaction.
  const connection = (await runner.connect()) as PreparingConnection;
  return new Promise<T>((resolve, reject) => {
    connection.execute(sql, params, (error, result) => (error ? reject(error) : resolve(result as T)));
  });
}

/** The part of a mysql2 (callback) connection a row-by-row read needs. */
interface EmittingConnection {
  query(options: { sql: string; values: unknown[]; rowsAsArray?: boolean }): {
    on(event: 'result', listener: (row: unknown) => void): unknown;
    on(event: 'error', listener: (error: Error) => void): unknown;
    on(event: 'end', listener: () => void): unknown;
  };
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
  /** rowsAsArray: each row as an array of its columns in SELECT order — no object with named keys per row. */
  options: { rowsAsArray?: boolean } = {},
): Promise<void> {
  const own = em.queryRunner ? undefined : em.connection.createQueryRunner();
  const runner = em.queryRunner ?? own!;
  try {
    const connection = (await runner.connect()) as EmittingConnection;
    let failed: { error: unknown } | undefined;
    await new Promise<void>((resolve, reject) => {
      const query = connection.query({ sql, values: params, rowsAsArray: options.rowsAsArray });
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
