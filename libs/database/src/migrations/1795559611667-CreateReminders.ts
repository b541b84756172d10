import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReminders1795559611667 implements MigrationInterface {
  name = 'CreateReminders1795559611667';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`reminder_policies\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`enabled\` tinyint NOT NULL DEFAULT 1, \`offsets_seconds\` text NOT NULL, \`send_time\` varchar(8) NOT NULL DEFAULT '08:00', \`period_seconds\` int UNSIGNED NOT NULL DEFAULT '86400', \`working_days_only\` tinyint NOT NULL DEFAULT 1, \`holidays\` text NOT NULL, \`escalate_after_seconds\` int UNSIGNED NULL, \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_reminder_policies_campaign\` (\`campaign_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`reminder_runs\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`slot_at\` datetime(3) NOT NULL, \`local_day\` varchar(19) NOT NULL, \`reminders\` int UNSIGNED NOT NULL DEFAULT '0', \`digests\` int UNSIGNED NOT NULL DEFAULT '0', \`skipped\` varchar(32) NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_reminder_runs_slot\` (\`campaign_id\`, \`slot_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`reminders\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`run_id\` int UNSIGNED NOT NULL, \`recipient_user_id\` int UNSIGNED NOT NULL, \`deadline_key\` varchar(96) NOT NULL, \`kind\` varchar(32) NOT NULL, \`local_day\` varchar(19) NOT NULL, \`subject_type\` varchar(32) NOT NULL, \`subject_id\` int UNSIGNED NOT NULL, \`due_at\` datetime(6) NOT NULL, \`reason\` varchar(500) NOT NULL, \`mail_message_id\` int UNSIGNED NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`ix_reminders_message\` (\`mail_message_id\`), INDEX \`ix_reminders_campaign\` (\`campaign_id\`, \`recipient_user_id\`, \`id\`), UNIQUE INDEX \`uq_reminders_key\` (\`recipient_user_id\`, \`deadline_key\`, \`kind\`, \`local_day\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`mail_messages\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NULL, \`run_id\` int UNSIGNED NULL, \`recipient_user_id\` int UNSIGNED NULL, \`digest_key\` varchar(96) NOT NULL, \`message_id\` varchar(190) NOT NULL, \`to_address\` varchar(255) NOT NULL, \`subject\` varchar(500) NOT NULL, \`text_body\` mediumtext NOT NULL, \`html_body\` mediumtext NOT NULL, \`ics\` mediumtext NULL, \`status\` varchar(16) NOT NULL DEFAULT 'pending', \`attempts\` int UNSIGNED NOT NULL DEFAULT '0', \`last_error\` text NULL, \`lease_until\` datetime(6) NULL, \`claim_token\` varchar(36) NULL, \`next_attempt_at\` datetime(6) NULL, \`smtp_response\` varchar(500) NULL, \`sent_at\` datetime(6) NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`ix_mail_messages_campaign\` (\`campaign_id\`, \`recipient_user_id\`, \`id\`), INDEX \`ix_mail_messages_status\` (\`status\`, \`next_attempt_at\`), UNIQUE INDEX \`uq_mail_messages_digest\` (\`digest_key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`notifications\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`user_id\` int UNSIGNED NOT NULL, \`campaign_id\` int UNSIGNED NULL, \`dedupe_key\` varchar(96) NOT NULL, \`kind\` varchar(32) NOT NULL, \`title\` varchar(500) NOT NULL, \`body\` text NOT NULL, \`link\` varchar(500) NULL, \`read_at\` datetime(6) NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`ix_notifications_user\` (\`user_id\`, \`read_at\`, \`id\`), UNIQUE INDEX \`uq_notifications_key\` (\`user_id\`, \`dedupe_key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`uq_notifications_key\` ON \`notifications\``);
    await queryRunner.query(`DROP INDEX \`ix_notifications_user\` ON \`notifications\``);
    await queryRunner.query(`DROP TABLE \`notifications\``);
    await queryRunner.query(`DROP INDEX \`uq_mail_messages_digest\` ON \`mail_messages\``);
    await queryRunner.query(`DROP INDEX \`ix_mail_messages_status\` ON \`mail_messages\``);
    await queryRunner.query(`DROP INDEX \`ix_mail_messages_campaign\` ON \`mail_messages\``);
    await queryRunner.query(`DROP TABLE \`mail_messages\``);
    await queryRunner.query(`DROP INDEX \`uq_reminders_key\` ON \`reminders\``);
    await queryRunner.query(`DROP INDEX \`ix_reminders_campaign\` ON \`reminders\``);
    await queryRunner.query(`DROP INDEX \`ix_reminders_message\` ON \`reminders\``);
    await queryRunner.query(`DROP TABLE \`reminders\``);
    await queryRunner.query(`DROP INDEX \`uq_reminder_runs_slot\` ON \`reminder_runs\``);
    await queryRunner.query(`DROP TABLE \`reminder_runs\``);
    await queryRunner.query(`DROP INDEX \`uq_reminder_policies_campaign\` ON \`reminder_policies\``);
    await queryRunner.query(`DROP TABLE \`reminder_policies\``);
  }
}
