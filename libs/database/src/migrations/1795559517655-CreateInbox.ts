import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInbox1795559517655 implements MigrationInterface {
  name = 'CreateInbox1795559517655';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`appraisal_task_comments\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`task_id\` int UNSIGNED NOT NULL, \`author_user_id\` int UNSIGNED NOT NULL, \`body\` text NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`ix_task_comments_task\` (\`task_id\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`inbox_saved_views\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`organisation_id\` int UNSIGNED NOT NULL, \`owner_user_id\` int UNSIGNED NOT NULL, \`name\` varchar(120) NOT NULL, \`filters\` text NOT NULL, \`shared\` tinyint NOT NULL DEFAULT 0, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`ix_saved_views_owner\` (\`owner_user_id\`), INDEX \`ix_saved_views_org\` (\`organisation_id\`, \`shared\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`out_of_office\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`user_id\` int UNSIGNED NOT NULL, \`substitute_user_id\` int UNSIGNED NOT NULL, \`starts_at\` datetime(6) NOT NULL, \`ends_at\` datetime(6) NOT NULL, \`note\` varchar(255) NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`ix_out_of_office_user\` (\`user_id\`, \`starts_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`appraisal_clarifications\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`task_id\` int UNSIGNED NOT NULL, \`sheet_id\` int UNSIGNED NOT NULL, \`round\` int UNSIGNED NOT NULL, \`criterion_codes\` text NOT NULL, \`request\` text NOT NULL, \`due_at\` datetime(6) NOT NULL, \`requested_by\` int UNSIGNED NOT NULL, \`status\` varchar(16) NOT NULL DEFAULT 'open', \`answer\` text NULL, \`answer_evidence_ids\` text NULL, \`answered_by\` int UNSIGNED NULL, \`answered_at\` datetime(6) NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`ix_clarifications_sheet\` (\`sheet_id\`, \`status\`), UNIQUE INDEX \`uq_clarifications_task_round\` (\`task_id\`, \`round\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`appraisal_task_confirmations\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`task_id\` int UNSIGNED NOT NULL, \`user_id\` int UNSIGNED NOT NULL, \`note\` varchar(500) NULL, \`confirmed_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_task_confirmations_task\` (\`task_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`uq_task_confirmations_task\` ON \`appraisal_task_confirmations\``);
    await queryRunner.query(`DROP TABLE \`appraisal_task_confirmations\``);
    await queryRunner.query(`DROP INDEX \`uq_clarifications_task_round\` ON \`appraisal_clarifications\``);
    await queryRunner.query(`DROP INDEX \`ix_clarifications_sheet\` ON \`appraisal_clarifications\``);
    await queryRunner.query(`DROP TABLE \`appraisal_clarifications\``);
    await queryRunner.query(`DROP INDEX \`ix_out_of_office_user\` ON \`out_of_office\``);
    await queryRunner.query(`DROP TABLE \`out_of_office\``);
    await queryRunner.query(`DROP INDEX \`ix_saved_views_org\` ON \`inbox_saved_views\``);
    await queryRunner.query(`DROP INDEX \`ix_saved_views_owner\` ON \`inbox_saved_views\``);
    await queryRunner.query(`DROP TABLE \`inbox_saved_views\``);
    await queryRunner.query(`DROP INDEX \`ix_task_comments_task\` ON \`appraisal_task_comments\``);
    await queryRunner.query(`DROP TABLE \`appraisal_task_comments\``);
  }
}
