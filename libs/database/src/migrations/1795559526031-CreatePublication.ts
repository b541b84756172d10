import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePublication1795559526031 implements MigrationInterface {
  name = 'CreatePublication1795559526031';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`survey_results\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`unit_id\` int UNSIGNED NOT NULL, \`criterion_code\` varchar(32) NOT NULL, \`value\` varchar(32) NOT NULL, \`points_milli\` int NOT NULL, \`source\` varchar(255) NULL, \`imported_by\` int UNSIGNED NULL, \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_survey_results_unit_code\` (\`campaign_id\`, \`unit_id\`, \`criterion_code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`adjustment_entries\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`unit_id\` int UNSIGNED NOT NULL, \`kind\` varchar(8) NOT NULL, \`item_code\` varchar(32) NOT NULL, \`occurrences\` int UNSIGNED NOT NULL, \`points_milli\` int UNSIGNED NOT NULL, \`note\` text NULL, \`updated_by\` int UNSIGNED NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_adjustment_entries_item\` (\`campaign_id\`, \`unit_id\`, \`kind\`, \`item_code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`council_sessions\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`sequence\` int UNSIGNED NOT NULL, \`held_on\` date NOT NULL, \`location\` varchar(255) NULL, \`status\` varchar(16) NOT NULL DEFAULT 'open', \`conclusions\` text NULL, \`approved_by\` int UNSIGNED NULL, \`approved_at\` datetime(6) NULL, \`created_by\` int UNSIGNED NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_council_sessions_seq\` (\`campaign_id\`, \`sequence\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`council_members\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`session_id\` int UNSIGNED NOT NULL, \`user_id\` int UNSIGNED NULL, \`full_name\` varchar(255) NOT NULL, \`position\` varchar(255) NULL, \`role\` varchar(16) NOT NULL, INDEX \`ix_council_members_session\` (\`session_id\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`council_adjustments\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`session_id\` int UNSIGNED NOT NULL, \`campaign_id\` int UNSIGNED NOT NULL, \`unit_id\` int UNSIGNED NOT NULL, \`criterion_code\` varchar(32) NOT NULL, \`previous_milli\` int NULL, \`council_milli\` int NOT NULL, \`reason\` text NOT NULL, \`proposed_by_member_id\` int UNSIGNED NOT NULL, \`created_by\` int UNSIGNED NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`ix_council_adjustments_session\` (\`session_id\`, \`unit_id\`, \`criterion_code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`publications\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`campaign_id\` int UNSIGNED NOT NULL, \`revision\` int UNSIGNED NOT NULL, \`decision_number\` varchar(64) NOT NULL, \`decision_date\` date NOT NULL, \`signer_name\` varchar(255) NOT NULL, \`signer_title\` varchar(255) NULL, \`supersedes_id\` int UNSIGNED NULL, \`correction_reason\` text NULL, \`snapshot_hash\` char(64) NOT NULL, \`published_by\` int UNSIGNED NULL, \`published_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_publications_revision\` (\`campaign_id\`, \`revision\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`published_rankings\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`publication_id\` int UNSIGNED NOT NULL, \`table_no\` tinyint UNSIGNED NOT NULL, \`unit_group\` varchar(32) NOT NULL, \`group_name\` varchar(255) NOT NULL, \`position\` int UNSIGNED NOT NULL, \`rank\` int UNSIGNED NOT NULL, \`tied\` tinyint NOT NULL, \`unit_id\` int UNSIGNED NOT NULL, \`unit_code\` varchar(64) NOT NULL, \`unit_name\` varchar(255) NOT NULL, \`index_hundredths\` int UNSIGNED NOT NULL, \`achieved_milli\` int NOT NULL, \`max_milli\` int UNSIGNED NOT NULL, \`class_key\` varchar(32) NULL, \`class_name\` varchar(64) NULL, \`fields\` text NOT NULL, INDEX \`ix_published_rankings_table\` (\`publication_id\`, \`table_no\`, \`position\`), UNIQUE INDEX \`uq_published_rankings_unit\` (\`publication_id\`, \`unit_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    // Published decisions are immutable: a correction is a new revision, never an edit.
    for (const table of ['publications', 'published_rankings']) {
      for (const op of ['UPDATE', 'DELETE']) {
        await queryRunner.query(
          `CREATE TRIGGER \`${table}_no_${op.toLowerCase()}\` BEFORE ${op} ON \`${table}\` FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${table} is immutable: publish a correction as a new revision'`,
        );
      }
    }
    // After publication no score of the campaign changes, whatever path writes it. A correction sets
    // @par_correction = 1 in its own transaction (and resets it) to record its council-level changes.
    for (const op of ['INSERT', 'UPDATE']) {
      await queryRunner.query(
        `CREATE TRIGGER \`score_entries_published_${op.toLowerCase()}\` BEFORE ${op} ON \`score_entries\` FOR EACH ROW
                 BEGIN
                   IF COALESCE(@par_correction, 0) = 0 AND EXISTS (
                     SELECT 1 FROM score_sheets s JOIN campaigns c ON c.id = s.campaign_id
                      WHERE s.id = NEW.sheet_id AND c.state IN ('published', 'archived')
                   ) THEN
                     SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'SCORES_PUBLISHED: the campaign is published; scores can no longer change';
                   END IF;
                 END`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'score_entries_published_insert',
      'score_entries_published_update',
      'publications_no_update',
      'publications_no_delete',
      'published_rankings_no_update',
      'published_rankings_no_delete',
    ]) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS \`${name}\``);
    }
    await queryRunner.query(`DROP INDEX \`uq_published_rankings_unit\` ON \`published_rankings\``);
    await queryRunner.query(`DROP INDEX \`ix_published_rankings_table\` ON \`published_rankings\``);
    await queryRunner.query(`DROP TABLE \`published_rankings\``);
    await queryRunner.query(`DROP INDEX \`uq_publications_revision\` ON \`publications\``);
    await queryRunner.query(`DROP TABLE \`publications\``);
    await queryRunner.query(`DROP INDEX \`ix_council_adjustments_session\` ON \`council_adjustments\``);
    await queryRunner.query(`DROP TABLE \`council_adjustments\``);
    await queryRunner.query(`DROP INDEX \`ix_council_members_session\` ON \`council_members\``);
    await queryRunner.query(`DROP TABLE \`council_members\``);
    await queryRunner.query(`DROP INDEX \`uq_council_sessions_seq\` ON \`council_sessions\``);
    await queryRunner.query(`DROP TABLE \`council_sessions\``);
    await queryRunner.query(`DROP INDEX \`uq_adjustment_entries_item\` ON \`adjustment_entries\``);
    await queryRunner.query(`DROP TABLE \`adjustment_entries\``);
    await queryRunner.query(`DROP INDEX \`uq_survey_results_unit_code\` ON \`survey_results\``);
    await queryRunner.query(`DROP TABLE \`survey_results\``);
  }
}
