/**
 * What a MySQL/MariaDB error means, read in one place: from mysql2's error or TypeORM's QueryFailedError (which
 * carries it as `driverError`). Callers ask a question (`isDuplicateKey(e)`); nobody sniffs codes by hand.
 */

interface DriverFields {
  code?: string;
  errno?: number;
  sqlMessage?: string;
}

function driverFields(error: unknown): DriverFields {
  if (typeof error !== 'object' || error === null) {
    return {};
  }
  const e = error as DriverFields & { driverError?: DriverFields };
  return e.driverError ?? e;
}

/** The server's error code (`ER_DUP_ENTRY`…) or the client's (`ECONNREFUSED`…), if any. */
export function mysqlErrorCode(error: unknown): string | undefined {
  return driverFields(error).code;
}

/** A UNIQUE key refused the row: someone else inserted the same business key first. */
export function isDuplicateKey(error: unknown): boolean {
  return mysqlErrorCode(error) === 'ER_DUP_ENTRY';
}

/** InnoDB chose this transaction as a deadlock victim: it was rolled back whole and may simply run again. */
export function isDeadlock(error: unknown): boolean {
  return mysqlErrorCode(error) === 'ER_LOCK_DEADLOCK';
}

/** A deadlock victim or a lock wait timeout: rolled back whole; the client may retry. */
export function isLockConflict(error: unknown): boolean {
  return isDeadlock(error) || mysqlErrorCode(error) === 'ER_LOCK_WAIT_TIMEOUT';
}

/** The server is unreachable or refuses more connections (a 503 to retry, never a 500). */
export function isConnectionFailure(error: unknown): boolean {
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'ER_CON_COUNT_ERROR'].includes(
    mysqlErrorCode(error) ?? '',
  );
}

/** The message of a SIGNAL raised by one of our triggers (error 1644, SQLSTATE 45000), if that is what this is. */
export function triggerSignal(error: unknown): string | undefined {
  const fields = driverFields(error);
  return fields.errno === 1644 ? (fields.sqlMessage ?? '') : undefined;
}
