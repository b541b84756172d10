import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report jobs (issue 19 item 3): exports and other heavy documents are built by a `reports` job, never inside an
 * HTTP request. One row per requested file: who asked, for which campaign of which authority, its state and progress
 * (0..100) with a message in Vietnamese, where the finished file lies in storage (the evidence storage: local folder
 * or S3 bucket), and on failure what to do, in Vietnamese.
 * `active_key` is set while the job is queued or running and cleared when it ends: UNIQUE, so the same request while
 * one runs finds the running job instead of starting a second one, and a later request builds a fresh file.
 */
export class ReportJobs1796000000010 implements MigrationInterface {
  name = 'ReportJobs1796000000010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `report_jobs` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `authority_id` int UNSIGNED NOT NULL, `campaign_id` int UNSIGNED NOT NULL, `kind` varchar(40) NOT NULL, `revision` int UNSIGNED NULL, `requested_by` int UNSIGNED NOT NULL, `state` enum('queued','running','done','failed') NOT NULL DEFAULT 'queued', `progress` tinyint UNSIGNED NOT NULL DEFAULT 0, `message_vi` varchar(255) NOT NULL, `active_key` varchar(120) NULL, `result_key` varchar(255) NULL, `file_name` varchar(200) NULL, `content_type` varchar(120) NULL, `size_bytes` bigint UNSIGNED NULL, `error_vi` varchar(500) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `started_at` datetime(6) NULL, `finished_at` datetime(6) NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_report_jobs_active` (`active_key`), INDEX `ix_report_jobs_campaign` (`campaign_id`, `created_at`), INDEX `ix_report_jobs_authority` (`authority_id`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `report_jobs`');
  }
}
