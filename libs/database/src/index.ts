export { AppDataSource, dataSourceOptions, detectFlavour, openDataSource, type ServerFlavour } from './data-source';
export { ensureDatabase, recreateDatabase } from './ensure-database';
export * from './entities';
export { MIGRATIONS } from './migrations';
export { SnakeNamingStrategy } from './naming.strategy';
export { DatabaseModule } from './database.module';
export { APP_CONFIG, DATA_SOURCE } from './tokens';
export { describeMysqlError } from './preflight';
export {
  isConnectionFailure,
  isDeadlock,
  isDuplicateKey,
  isLockConflict,
  mysqlErrorCode,
  triggerSignal,
} from './mysql-errors';
// rows/write/eachRow are for query modules only (*.queries.ts, lint-enforced); dbNow is a query anyone may ask.
export { dbNow, eachRow, inTransaction, pingDatabase, rows, write, type SqlOptions, type WriteResult } from './sql';
