import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19 item 3: report jobs for one subject of a campaign (a unit's result sheet, a sheet's evidence ZIP, a
 * council session's minutes) — `subject_id` names it; `done_count`/`total_count` say how far a job that counts
 * its work (files zipped) is; `expired` is a finished job whose file the retention sweep removed.
 */
export class ReportJobSubjects1796000019300 implements MigrationInterface {
  name = 'ReportJobSubjects1796000019300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "ALTER TABLE `report_jobs` ADD `subject_id` int UNSIGNED NULL AFTER `revision`, ADD `done_count` int UNSIGNED NULL AFTER `progress`, ADD `total_count` int UNSIGNED NULL AFTER `done_count`, MODIFY `state` enum('queued','running','done','failed','expired') NOT NULL DEFAULT 'queued', ADD INDEX `ix_report_jobs_finished` (`state`, `finished_at`)",
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("UPDATE `report_jobs` SET `state` = 'failed' WHERE `state` = 'expired'");
    await queryRunner.query(
      "ALTER TABLE `report_jobs` DROP INDEX `ix_report_jobs_finished`, DROP `subject_id`, DROP `done_count`, DROP `total_count`, MODIFY `state` enum('queued','running','done','failed') NOT NULL DEFAULT 'queued'",
    );
  }
}
