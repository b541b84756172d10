import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWorkflowEngine1795558754062 implements MigrationInterface {
  name = 'CreateWorkflowEngine1795558754062';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`audit_log\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`occurred_at\` datetime(3) NOT NULL, \`actor_user_id\` int UNSIGNED NULL, \`actor\` varchar(128) NOT NULL, \`action\` varchar(64) NOT NULL, \`entity_type\` varchar(32) NOT NULL, \`entity_id\` int UNSIGNED NOT NULL, \`seq\` int UNSIGNED NOT NULL, \`from_state\` varchar(128) NULL, \`to_state\` varchar(128) NULL, \`request_id\` varchar(64) NULL, \`data\` text NOT NULL, \`prev_hash\` char(64) NOT NULL, \`row_hash\` char(64) NOT NULL, UNIQUE INDEX \`uq_audit_stream_seq\` (\`entity_type\`, \`entity_id\`, \`seq\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`audit_streams\` (\`entity_type\` varchar(32) NOT NULL, \`entity_id\` int UNSIGNED NOT NULL, \`last_seq\` int UNSIGNED NOT NULL, \`last_hash\` char(64) NOT NULL, PRIMARY KEY (\`entity_type\`, \`entity_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`campaigns\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`authority_id\` int UNSIGNED NOT NULL, \`code\` varchar(64) NOT NULL, \`name\` varchar(255) NOT NULL, \`year\` smallint UNSIGNED NOT NULL, \`timezone\` varchar(64) NOT NULL, \`plan_code\` varchar(64) NOT NULL, \`plan\` longtext NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), \`machine_id\` varchar(64) NOT NULL, \`machine_version\` int UNSIGNED NOT NULL, \`state\` varchar(128) NOT NULL, \`snapshot\` longtext NOT NULL, \`version\` int UNSIGNED NOT NULL DEFAULT '0', UNIQUE INDEX \`uq_campaigns_authority_code\` (\`authority_id\`, \`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`deadlines\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`subject_type\` varchar(32) NOT NULL, \`subject_id\` int UNSIGNED NOT NULL, \`phase\` varchar(32) NOT NULL, \`due_at\` datetime(6) NOT NULL, \`generation\` int UNSIGNED NOT NULL, \`event\` text NOT NULL, \`status\` varchar(16) NOT NULL DEFAULT 'scheduled', \`fired_at\` datetime(6) NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`ix_deadlines_status_due\` (\`status\`, \`due_at\`), UNIQUE INDEX \`uq_deadlines_subject_phase\` (\`subject_type\`, \`subject_id\`, \`phase\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`outbox\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`kind\` varchar(64) NOT NULL, \`business_key\` varchar(191) NOT NULL, \`payload\` text NOT NULL, \`relayed_at\` datetime(6) NULL, \`attempts\` int UNSIGNED NOT NULL DEFAULT '0', \`last_error\` varchar(500) NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`ix_outbox_pending\` (\`relayed_at\`, \`id\`), UNIQUE INDEX \`uq_outbox_business_key\` (\`business_key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`phase_locks\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`phase\` varchar(32) NOT NULL, \`due_at\` datetime(6) NOT NULL, \`reason\` varchar(32) NOT NULL, \`locked_at\` datetime(6) NOT NULL, UNIQUE INDEX \`uq_phase_locks_campaign_phase\` (\`campaign_id\`, \`phase\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    // Append-only: no UPDATE or DELETE path exists in the code, and these triggers refuse one made by hand.
    await queryRunner.query(
      `CREATE TRIGGER \`audit_log_no_update\` BEFORE UPDATE ON \`audit_log\` FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'`,
    );
    await queryRunner.query(
      `CREATE TRIGGER \`audit_log_no_delete\` BEFORE DELETE ON \`audit_log\` FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS \`audit_log_no_delete\``);
    await queryRunner.query(`DROP TRIGGER IF EXISTS \`audit_log_no_update\``);
    await queryRunner.query(`DROP INDEX \`uq_phase_locks_campaign_phase\` ON \`phase_locks\``);
    await queryRunner.query(`DROP TABLE \`phase_locks\``);
    await queryRunner.query(`DROP INDEX \`uq_outbox_business_key\` ON \`outbox\``);
    await queryRunner.query(`DROP INDEX \`ix_outbox_pending\` ON \`outbox\``);
    await queryRunner.query(`DROP TABLE \`outbox\``);
    await queryRunner.query(`DROP INDEX \`uq_deadlines_subject_phase\` ON \`deadlines\``);
    await queryRunner.query(`DROP INDEX \`ix_deadlines_status_due\` ON \`deadlines\``);
    await queryRunner.query(`DROP TABLE \`deadlines\``);
    await queryRunner.query(`DROP INDEX \`uq_campaigns_authority_code\` ON \`campaigns\``);
    await queryRunner.query(`DROP TABLE \`campaigns\``);
    await queryRunner.query(`DROP TABLE \`audit_streams\``);
    await queryRunner.query(`DROP INDEX \`uq_audit_stream_seq\` ON \`audit_log\``);
    await queryRunner.query(`DROP TABLE \`audit_log\``);
  }
}
