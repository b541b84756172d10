import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Excluding a unit with a reason (issue 17, "decisions with guardrails"): the secretariat may set aside a unit that
 * never submitted (merged, dissolved, exempted by decision) with a required reason. Decisions then accept
 * "submitted or excluded with a reason", and the ranking tables list the unit as excluded, not ranked — so a
 * published row keeps the reason too (rank 0 there means "not ranked").
 */
export class UnitExclusions1796000017002 implements MigrationInterface {
  name = 'UnitExclusions1796000017002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `campaign_units` ADD `excluded_reason` text NULL, ADD `excluded_at` datetime(6) NULL, ADD `excluded_by` int UNSIGNED NULL',
    );
    await queryRunner.query('ALTER TABLE `published_rankings` ADD `excluded_reason` text NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `published_rankings` DROP COLUMN `excluded_reason`');
    await queryRunner.query(
      'ALTER TABLE `campaign_units` DROP COLUMN `excluded_by`, DROP COLUMN `excluded_at`, DROP COLUMN `excluded_reason`',
    );
  }
}
