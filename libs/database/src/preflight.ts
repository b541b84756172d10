import type { AppConfig } from '@config';

/** One sentence for a person when MySQL cannot be reached: what was tried, what to set, how to start it. */
export function describeMysqlError(config: AppConfig, error: unknown): string {
  const db = config.database;
  const code = (error as { code?: string }).code ?? '';
  const reason =
    code === 'ECONNREFUSED'
      ? 'nothing is listening there'
      : code === 'ER_ACCESS_DENIED_ERROR'
        ? `the server refused user "${db.user}"`
        : code === 'ETIMEDOUT'
          ? 'the connection timed out'
          : code === 'ENOTFOUND'
            ? `the host "${db.host}" is unknown`
            : (error as Error).message || String(error);
  return (
    `Cannot reach MySQL/MariaDB at ${db.host}:${db.port} (database "${db.name}", user "${db.user}"): ${reason}. ` +
    `Set DATABASE_URL (e.g. mysql://user:password@host:3306/par_index) or start the server ` +
    `(e.g. "sudo systemctl start mariadb" or "start-stop-daemon --start --background --exec /usr/sbin/mariadbd -- --user=mysql").`
  );
}
