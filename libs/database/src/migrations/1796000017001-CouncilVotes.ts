import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Council votes (issue 17, "decisions with guardrails"): each campaign says what quorum and what share of the
 * members present carry a council vote (`majority` by default, `twoThirds`, `all`); each adjustment and the
 * session's approval record their for / against / abstain counts. Rows from before this migration keep NULL
 * counts: their votes were never recorded, and nothing invents them.
 */
export class CouncilVotes1796000017001 implements MigrationInterface {
  name = 'CouncilVotes1796000017001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "ALTER TABLE `campaigns` ADD `council_quorum` varchar(16) NOT NULL DEFAULT 'majority', ADD `council_threshold` varchar(16) NOT NULL DEFAULT 'majority'",
    );
    for (const table of ['council_adjustments', 'council_sessions']) {
      await queryRunner.query(
        `ALTER TABLE \`${table}\` ADD \`votes_for\` int UNSIGNED NULL, ADD \`votes_against\` int UNSIGNED NULL, ADD \`votes_abstain\` int UNSIGNED NULL`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['council_sessions', 'council_adjustments']) {
      await queryRunner.query(
        `ALTER TABLE \`${table}\` DROP COLUMN \`votes_abstain\`, DROP COLUMN \`votes_against\`, DROP COLUMN \`votes_for\``,
      );
    }
    await queryRunner.query('ALTER TABLE `campaigns` DROP COLUMN `council_threshold`, DROP COLUMN `council_quorum`');
  }
}
