import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19 item 3: the consolidation screen is served from a stored result while the campaign's data has not
 * changed since. Its data version reads the newest score entry of each sheet; this index makes that one dive per
 * sheet (3,321 on the national fixture) instead of reading the campaign's 332,100 entries.
 */
export class ConsolidationVersion1796000021000 implements MigrationInterface {
  name = 'ConsolidationVersion1796000021000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX `ix_score_entries_sheet_updated` ON `score_entries` (`sheet_id`, `updated_at`)',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_score_entries_sheet_updated` ON `score_entries`');
  }
}
