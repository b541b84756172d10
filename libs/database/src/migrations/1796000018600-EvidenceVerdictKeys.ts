import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-evaluation of stored evidence (issue 18 item 6). A signature verdict depends on the bytes AND on what the
 * verifier trusted when it ran, so a stored file's current verdict now carries its key: the verifier version and the
 * trust configuration fingerprint (sha256 over the sorted sha256 of the configured anchors and intermediates and the
 * revocation mode), with the time it was checked. A verdict under another key is stale.
 * - `evidence_verdicts`: every verdict ever computed for a file (upload or re-check), so the earlier one is kept.
 *   Verdicts stored before this migration move there with an unknown fingerprint (NULL: stale under any key).
 * - `evidence_recheck_runs`: one background re-check (the `reports` queue): what started it, its progress
 *   (done/total) and a Vietnamese message. `active_key` is set while queued or running (UNIQUE, like report_jobs).
 */
export class EvidenceVerdictKeys1796000018600 implements MigrationInterface {
  name = 'EvidenceVerdictKeys1796000018600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `evidence_files` ADD `verifier_version` varchar(32) NULL, ADD `trust_fingerprint` char(64) NULL, ADD `checked_at` datetime(6) NULL',
    );
    await queryRunner.query('UPDATE `evidence_files` SET `checked_at` = `created_at`');
    await queryRunner.query(
      'CREATE INDEX `ix_evidence_files_verdict_key` ON `evidence_files` (`trust_fingerprint`, `verifier_version`)',
    );
    await queryRunner.query(
      "CREATE TABLE `evidence_verdicts` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `file_id` int UNSIGNED NOT NULL, `verifier_version` varchar(32) NULL, `trust_fingerprint` char(64) NULL, `signature_verdict` varchar(32) NOT NULL, `signatures` longtext NOT NULL, `signed_at` datetime(6) NULL, `checked_at` datetime(6) NOT NULL, `cause` enum('upload','trustChanged','requested','migrated') NOT NULL, `recheck_run_id` int UNSIGNED NULL, INDEX `ix_evidence_verdicts_file` (`file_id`, `checked_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "INSERT INTO `evidence_verdicts` (`file_id`, `signature_verdict`, `signatures`, `signed_at`, `checked_at`, `cause`) SELECT `id`, `signature_verdict`, `signatures`, `signed_at`, `created_at`, 'migrated' FROM `evidence_files`",
    );
    await queryRunner.query(
      "CREATE TABLE `evidence_recheck_runs` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `authority_id` int UNSIGNED NULL, `cause` enum('trustChanged','requested') NOT NULL, `trust_fingerprint` char(64) NOT NULL, `verifier_version` varchar(32) NOT NULL, `requested_by` int UNSIGNED NULL, `state` enum('queued','running','done','failed') NOT NULL DEFAULT 'queued', `total` int UNSIGNED NULL, `done` int UNSIGNED NOT NULL DEFAULT 0, `changed` int UNSIGNED NOT NULL DEFAULT 0, `message_vi` varchar(255) NOT NULL, `error_vi` varchar(500) NULL, `active_key` varchar(120) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `started_at` datetime(6) NULL, `finished_at` datetime(6) NULL, UNIQUE INDEX `uq_evidence_recheck_runs_active` (`active_key`), INDEX `ix_evidence_recheck_runs_authority` (`authority_id`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `evidence_recheck_runs`');
    await queryRunner.query('DROP TABLE `evidence_verdicts`');
    await queryRunner.query('DROP INDEX `ix_evidence_files_verdict_key` ON `evidence_files`');
    await queryRunner.query(
      'ALTER TABLE `evidence_files` DROP COLUMN `checked_at`, DROP COLUMN `trust_fingerprint`, DROP COLUMN `verifier_version`',
    );
  }
}
