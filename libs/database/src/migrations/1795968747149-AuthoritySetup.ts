import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authorities and their organisations set up in the app (issue 15 item 1): an authority's level (the platform's
 * own row is `platform`), an organisation's short name and aliases (for name matching in imported sheets), and a
 * unit's predecessors by code — several per unit (the 2025 mergers), kept as codes because a merged-away unit
 * may exist only in last year's campaign, so next year's comparison can follow them.
 */
export class AuthoritySetup1795968747149 implements MigrationInterface {
  name = 'AuthoritySetup1795968747149';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `authorities` ADD `level` varchar(16) NOT NULL DEFAULT 'province'");
    await queryRunner.query('ALTER TABLE `organisations` ADD `short_name` varchar(255) NULL');
    await queryRunner.query('ALTER TABLE `organisations` ADD `aliases` text NULL');
    await queryRunner.query(
      'CREATE TABLE `unit_predecessors` (' +
        '`unit_id` int unsigned NOT NULL, `predecessor_code` varchar(64) NOT NULL, ' +
        'PRIMARY KEY (`unit_id`, `predecessor_code`), ' +
        'CONSTRAINT `fk_unit_predecessors_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE CASCADE' +
        ') ENGINE=InnoDB',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `unit_predecessors`');
    await queryRunner.query('ALTER TABLE `organisations` DROP COLUMN `aliases`');
    await queryRunner.query('ALTER TABLE `organisations` DROP COLUMN `short_name`');
    await queryRunner.query('ALTER TABLE `authorities` DROP COLUMN `level`');
  }
}
