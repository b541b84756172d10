import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19 item 3: publication and correction run as report jobs (the consolidation and freeze of a national
 * campaign leave the HTTP request). `params` holds what the job needs that the row's columns do not: the decision
 * (number, date, signer), a correction's reason and leaf changes, and the actor the audit trail names.
 */
export class PublicationJobs1796000020390 implements MigrationInterface {
  name = 'PublicationJobs1796000020390';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `report_jobs` ADD `params` longtext NULL AFTER `subject_id`');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `report_jobs` DROP `params`');
  }
}
