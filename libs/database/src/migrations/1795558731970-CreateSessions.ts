import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSessions1795558731970 implements MigrationInterface {
  name = 'CreateSessions1795558731970';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`sessions\` (\`id\` char(64) NOT NULL, \`user_id\` int UNSIGNED NOT NULL, \`csrf_token\` varchar(64) NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`last_seen_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`expires_at\` datetime(6) NOT NULL, \`revoked_at\` datetime(6) NULL, \`ip\` varchar(45) NULL, \`user_agent\` varchar(255) NULL, INDEX \`idx_sessions_expires\` (\`expires_at\`), INDEX \`idx_sessions_user\` (\`user_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_sessions_user\` ON \`sessions\``);
    await queryRunner.query(`DROP INDEX \`idx_sessions_expires\` ON \`sessions\``);
    await queryRunner.query(`DROP TABLE \`sessions\``);
  }
}
