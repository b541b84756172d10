import type { AppConfig } from '@config';
import { createConnection, type Connection } from 'mysql2/promise';

/**
 * Run `fn` on one short-lived connection to the server without selecting a database — for what happens
 * before the DataSource exists: detecting MariaDB vs MySQL, creating or recreating a database.
 */
export async function withServerConnection<T>(
  config: AppConfig,
  fn: (connection: Connection) => Promise<T>,
): Promise<T> {
  const db = config.database;
  const connection = await createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    connectTimeout: 5000,
  });
  try {
    return await fn(connection);
  } finally {
    await connection.end();
  }
}

export const quoteIdentifier = (name: string): string => `\`${name.replace(/`/g, '``')}\``;
