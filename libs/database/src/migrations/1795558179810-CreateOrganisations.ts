import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrganisations1795558179810 implements MigrationInterface {
  name = 'CreateOrganisations1795558179810';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`authorities\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`code\` varchar(64) NOT NULL, \`name\` varchar(255) NOT NULL, \`timezone\` varchar(64) NOT NULL DEFAULT 'Asia/Ho_Chi_Minh', \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_e8a96dffe7b1ab4e69862ccfc2\` (\`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`organisations\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`authority_id\` int UNSIGNED NOT NULL, \`code\` varchar(64) NOT NULL, \`name\` varchar(255) NOT NULL, \`kind\` varchar(32) NOT NULL, \`predecessor_id\` int UNSIGNED NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_organisations_authority_code\` (\`authority_id\`, \`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`units\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`authority_id\` int UNSIGNED NOT NULL, \`organisation_id\` int UNSIGNED NOT NULL, \`code\` varchar(64) NOT NULL, \`name\` varchar(255) NOT NULL, \`unit_group\` varchar(32) NOT NULL, \`predecessor_id\` int UNSIGNED NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_units_authority_code\` (\`authority_id\`, \`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`users\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`organisation_id\` int UNSIGNED NOT NULL, \`username\` varchar(64) NOT NULL, \`full_name\` varchar(255) NOT NULL, \`email\` varchar(255) NULL, \`password_hash\` varchar(255) NULL, \`roles\` text NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`failed_logins\` int UNSIGNED NOT NULL DEFAULT '0', \`locked_until\` datetime(6) NULL, \`must_change_password\` tinyint NOT NULL DEFAULT 0, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_users_username\` (\`username\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`uq_users_username\` ON \`users\``);
    await queryRunner.query(`DROP TABLE \`users\``);
    await queryRunner.query(`DROP INDEX \`uq_units_authority_code\` ON \`units\``);
    await queryRunner.query(`DROP TABLE \`units\``);
    await queryRunner.query(`DROP INDEX \`uq_organisations_authority_code\` ON \`organisations\``);
    await queryRunner.query(`DROP TABLE \`organisations\``);
    await queryRunner.query(`DROP INDEX \`IDX_e8a96dffe7b1ab4e69862ccfc2\` ON \`authorities\``);
    await queryRunner.query(`DROP TABLE \`authorities\``);
  }
}
