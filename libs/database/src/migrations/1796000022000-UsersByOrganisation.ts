import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: the people of an organisation were found by reading every user. The reminder planner joins users on
 * `organisation_id` for each open sheet, clarification and unclaimed task: with 10,000 unit officers that join read
 * 10,000 × 10,000 rows (6.4 of the 8 seconds a national reminder slot took to plan). The clarification notices, the
 * users page filtered by organisation and the appraisers of an organisation look people up the same way.
 */
export class UsersByOrganisation1796000022000 implements MigrationInterface {
  name = 'UsersByOrganisation1796000022000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX `ix_users_organisation_active` ON `users` (`organisation_id`, `active`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_users_organisation_active` ON `users`');
  }
}
