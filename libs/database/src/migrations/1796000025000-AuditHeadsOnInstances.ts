import { MigrationInterface, QueryRunner } from 'typeorm';

/** The workflow instances' tables and the audit entity type of their rows (WORKFLOW_TABLES, as of this migration). */
const INSTANCES = [
  ['campaigns', 'campaign'],
  ['score_sheets', 'scoreSheet'],
  ['appraisal_tasks', 'appraisalTask'],
] as const;

const GENESIS = '0'.repeat(64);

/**
 * Issue 19: the head of a workflow instance's audit chain moves onto the instance's own row. A transition changed
 * two rows (the instance and its audit_streams head, in one multi-table UPDATE): about a fifth of a transition's
 * database time at 8 concurrent transitions on 2 cores, the row lock, undo and redo of a second row and MariaDB's
 * multi-table update path. Now the conditional UPDATE that writes the snapshot also moves the head, on one row.
 * Entities that are not instances (users, criteria sets, units…) keep their heads in audit_streams.
 */
export class AuditHeadsOnInstances1796000025000 implements MigrationInterface {
  name = 'AuditHeadsOnInstances1796000025000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, entityType] of INSTANCES) {
      await queryRunner.query(
        `ALTER TABLE \`${table}\` ADD \`audit_seq\` int UNSIGNED NOT NULL DEFAULT 0, ADD \`audit_hash\` char(64) NOT NULL DEFAULT '${GENESIS}'`,
      );
      // updated_at kept as it was: moving a head into its row is not a change of the instance.
      await queryRunner.query(
        `UPDATE \`${table}\` t JOIN \`audit_streams\` s ON s.entity_type = ? AND s.entity_id = t.id
            SET t.audit_seq = s.last_seq, t.audit_hash = s.last_hash, t.updated_at = t.updated_at`,
        [entityType],
      );
      await queryRunner.query('DELETE FROM `audit_streams` WHERE entity_type = ?', [entityType]);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, entityType] of INSTANCES) {
      await queryRunner.query(
        `INSERT INTO \`audit_streams\` (entity_type, entity_id, last_seq, last_hash)
           SELECT ?, id, audit_seq, audit_hash FROM \`${table}\` WHERE audit_seq > 0`,
        [entityType],
      );
      await queryRunner.query(`ALTER TABLE \`${table}\` DROP COLUMN \`audit_seq\`, DROP COLUMN \`audit_hash\``);
    }
  }
}
