import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Unit-group names as data (issue 15): an authority names its groups ("Sở, ban, ngành", "Phường", "Xã và đặc khu")
 * once, so every screen shows the name instead of the key its units carry; a campaign still names its own groups.
 */
export class UnitGroupNames1796000017515 implements MigrationInterface {
  name = 'UnitGroupNames1796000017515';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `unit_group_names` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `authority_id` int UNSIGNED NOT NULL, `group_key` varchar(64) NOT NULL, `name` varchar(255) NOT NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_unit_group_names` (`authority_id`, `group_key`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `unit_group_names`');
  }
}
