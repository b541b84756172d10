import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Criteria that do not apply to a unit (issue 15 item 3): per campaign unit and leaf, with the secretariat's
 * reason. Such a leaf leaves the unit's maximum, so its index is computed over what applies.
 */
export class NotApplicableCriteria1796000000000 implements MigrationInterface {
  name = 'NotApplicableCriteria1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `not_applicable_criteria` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `campaign_id` int UNSIGNED NOT NULL, `unit_id` int UNSIGNED NOT NULL, `criterion_code` varchar(32) NOT NULL, `reason` text NOT NULL, `created_by` int UNSIGNED NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_not_applicable_criteria` (`campaign_id`, `unit_id`, `criterion_code`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `not_applicable_criteria`');
  }
}
