import { MigrationInterface, QueryRunner } from 'typeorm';

/** What "explained" means, in one place: the triggers below and the backfill use it. */
const EXPLAINED = (row: string) => `(${row}.explanation IS NOT NULL AND ${row}.explanation <> '')`;

/**
 * Issue 19: whether a unit explained its self score, as a column of its own. The consolidation read the TEXT
 * `explanation` of all 332,100 entries of a national campaign to learn one bit per entry: the column in the read set
 * cost about 38 ms of a 410 ms read with every explanation empty, and with real explanations (long text, stored off
 * the row) it meant reading each one. Kept by triggers, like the published-scores guard on the same table, so every
 * writer (the api, the scale fixture, tests writing rows directly) keeps it true without knowing it exists.
 */
export class ScoreEntryHasExplanation1796000024000 implements MigrationInterface {
  name = 'ScoreEntryHasExplanation1796000024000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `score_entries` ADD `has_explanation` tinyint NOT NULL DEFAULT 0 AFTER `explanation`',
    );
    // The published-scores guard refuses any UPDATE of a published campaign's entries unless @par_correction is set:
    // the backfill changes no score.
    await queryRunner.query('SET @par_correction = 1');
    try {
      await queryRunner.query(`UPDATE \`score_entries\` e SET e.has_explanation = ${EXPLAINED('e')}`);
    } finally {
      await queryRunner.query('SET @par_correction = NULL');
    }
    for (const op of ['INSERT', 'UPDATE']) {
      await queryRunner.query(
        `CREATE TRIGGER \`score_entries_explained_${op.toLowerCase()}\` BEFORE ${op} ON \`score_entries\` FOR EACH ROW
           SET NEW.has_explanation = ${EXPLAINED('NEW')}`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS `score_entries_explained_insert`');
    await queryRunner.query('DROP TRIGGER IF EXISTS `score_entries_explained_update`');
    await queryRunner.query('ALTER TABLE `score_entries` DROP COLUMN `has_explanation`');
  }
}
