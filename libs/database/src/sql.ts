import type { EntityManager } from 'typeorm';

/** Result of an INSERT/UPDATE/DELETE through mysql2. */
export interface WriteResult {
  affectedRows: number;
  insertId: number;
}

/** Typed raw query helpers: the engine writes its SQL by hand (conditional updates, SKIP LOCKED…). */
export function rows<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return em.query<T[]>(sql, params);
}

export function write(em: EntityManager, sql: string, params: unknown[] = []): Promise<WriteResult> {
  return em.query<WriteResult>(sql, params);
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
