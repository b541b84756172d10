import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCampaignDomain1795559090033 implements MigrationInterface {
  name = 'CreateCampaignDomain1795559090033';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`appraisal_tasks\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`sheet_id\` int UNSIGNED NOT NULL, \`unit_id\` int UNSIGNED NOT NULL, \`content_area\` varchar(64) NOT NULL, \`assignee_user_id\` int UNSIGNED NULL, \`original_assignee_user_id\` int UNSIGNED NULL, \`due_at\` datetime(6) NOT NULL, \`follow_up_at\` datetime(6) NULL, \`conflict_of_interest\` tinyint NOT NULL DEFAULT 0, \`confirmer_organisation_id\` int UNSIGNED NULL, \`completed_at\` datetime(6) NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), \`machine_id\` varchar(64) NOT NULL, \`machine_version\` int UNSIGNED NOT NULL, \`state\` varchar(128) NOT NULL, \`snapshot\` longtext NOT NULL, \`version\` int UNSIGNED NOT NULL DEFAULT '0', INDEX \`ix_appraisal_tasks_assignee\` (\`assignee_user_id\`, \`state\`, \`due_at\`, \`id\`), INDEX \`ix_appraisal_tasks_inbox\` (\`campaign_id\`, \`state\`, \`due_at\`, \`id\`), UNIQUE INDEX \`uq_appraisal_tasks_sheet_area\` (\`sheet_id\`, \`content_area\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`appraisal_task_candidates\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`task_id\` int UNSIGNED NOT NULL, \`organisation_id\` int UNSIGNED NOT NULL, INDEX \`ix_task_candidates_org\` (\`organisation_id\`, \`task_id\`), UNIQUE INDEX \`uq_task_candidates\` (\`task_id\`, \`organisation_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`campaign_units\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`unit_id\` int UNSIGNED NOT NULL, \`unit_group\` varchar(32) NOT NULL, \`criteria_set_id\` int UNSIGNED NOT NULL, UNIQUE INDEX \`uq_campaign_units\` (\`campaign_id\`, \`unit_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`content_areas\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`code\` varchar(64) NOT NULL, \`name\` varchar(255) NOT NULL, UNIQUE INDEX \`uq_content_areas\` (\`campaign_id\`, \`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`content_area_appraisers\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`content_area\` varchar(64) NOT NULL, \`organisation_id\` int UNSIGNED NOT NULL, UNIQUE INDEX \`uq_content_area_appraisers\` (\`campaign_id\`, \`content_area\`, \`organisation_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`criteria_sets\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`authority_id\` int UNSIGNED NOT NULL, \`code\` varchar(64) NOT NULL, \`version\` int UNSIGNED NOT NULL, \`title\` varchar(500) NOT NULL, \`unit_group\` varchar(32) NOT NULL, \`max_milli\` int UNSIGNED NOT NULL, \`definition\` longtext NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_criteria_sets_code_version\` (\`authority_id\`, \`code\`, \`version\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`score_sheets\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`unit_id\` int UNSIGNED NOT NULL, \`criteria_set_id\` int UNSIGNED NOT NULL, \`submitted_at\` datetime(6) NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), \`machine_id\` varchar(64) NOT NULL, \`machine_version\` int UNSIGNED NOT NULL, \`state\` varchar(128) NOT NULL, \`snapshot\` longtext NOT NULL, \`version\` int UNSIGNED NOT NULL DEFAULT '0', INDEX \`ix_score_sheets_campaign_state\` (\`campaign_id\`, \`state\`), UNIQUE INDEX \`uq_score_sheets_campaign_unit\` (\`campaign_id\`, \`unit_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`score_entries\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`sheet_id\` int UNSIGNED NOT NULL, \`criterion_code\` varchar(32) NOT NULL, \`self_milli\` int NULL, \`self_inputs\` text NULL, \`explanation\` text NULL, \`appraised_r1_milli\` int NULL, \`appraised_r1_comment\` text NULL, \`appraised_r2_milli\` int NULL, \`appraised_r2_comment\` text NULL, \`council_milli\` int NULL, \`council_reason\` text NULL, \`updated_by\` int UNSIGNED NULL, \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_score_entries_sheet_code\` (\`sheet_id\`, \`criterion_code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`uq_score_entries_sheet_code\` ON \`score_entries\``);
    await queryRunner.query(`DROP TABLE \`score_entries\``);
    await queryRunner.query(`DROP INDEX \`uq_score_sheets_campaign_unit\` ON \`score_sheets\``);
    await queryRunner.query(`DROP INDEX \`ix_score_sheets_campaign_state\` ON \`score_sheets\``);
    await queryRunner.query(`DROP TABLE \`score_sheets\``);
    await queryRunner.query(`DROP INDEX \`uq_criteria_sets_code_version\` ON \`criteria_sets\``);
    await queryRunner.query(`DROP TABLE \`criteria_sets\``);
    await queryRunner.query(`DROP INDEX \`uq_content_area_appraisers\` ON \`content_area_appraisers\``);
    await queryRunner.query(`DROP TABLE \`content_area_appraisers\``);
    await queryRunner.query(`DROP INDEX \`uq_content_areas\` ON \`content_areas\``);
    await queryRunner.query(`DROP TABLE \`content_areas\``);
    await queryRunner.query(`DROP INDEX \`uq_campaign_units\` ON \`campaign_units\``);
    await queryRunner.query(`DROP TABLE \`campaign_units\``);
    await queryRunner.query(`DROP INDEX \`uq_task_candidates\` ON \`appraisal_task_candidates\``);
    await queryRunner.query(`DROP INDEX \`ix_task_candidates_org\` ON \`appraisal_task_candidates\``);
    await queryRunner.query(`DROP TABLE \`appraisal_task_candidates\``);
    await queryRunner.query(`DROP INDEX \`uq_appraisal_tasks_sheet_area\` ON \`appraisal_tasks\``);
    await queryRunner.query(`DROP INDEX \`ix_appraisal_tasks_inbox\` ON \`appraisal_tasks\``);
    await queryRunner.query(`DROP INDEX \`ix_appraisal_tasks_assignee\` ON \`appraisal_tasks\``);
    await queryRunner.query(`DROP TABLE \`appraisal_tasks\``);
  }
}
