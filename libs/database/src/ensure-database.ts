import type { AppConfig } from '@config';
import { createConnection } from 'mysql2/promise';

/** Create the configured database (utf8mb4) if it does not exist yet. */
export async function ensureDatabase(config: AppConfig, name = config.database.name): Promise<void> {
  const db = config.database;
  const connection = await createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    connectTimeout: 5000,
  });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${name.replace(/`/g, '``')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

/** Drop and re-create a database: used by the test harness only. */
export async function recreateDatabase(config: AppConfig, name: string): Promise<void> {
  const db = config.database;
  const connection = await createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
  try {
    const quoted = `\`${name.replace(/`/g, '``')}\``;
    await connection.query(`DROP DATABASE IF EXISTS ${quoted}`);
    await connection.query(`CREATE DATABASE ${quoted} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}
