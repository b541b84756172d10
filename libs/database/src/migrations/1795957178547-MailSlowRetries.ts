import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Slow mail retries (issue 12, item 10): a mail SMTP did not take after its fast retries is tried again every
 * MAIL_SLOW_RETRY_EVERY_MS until `retry_until` (its first failure + MAIL_RETRY_FOR_MS), and only then `failed`.
 */
export class MailSlowRetries1795957178547 implements MigrationInterface {
  name = 'MailSlowRetries1795957178547';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `mail_messages` ADD `retry_until` datetime(6) NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `mail_messages` DROP COLUMN `retry_until`');
  }
}
