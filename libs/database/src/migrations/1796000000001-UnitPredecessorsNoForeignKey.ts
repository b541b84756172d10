import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The schema keeps no foreign keys (no entity declares one; integrity lives in the services and their transactions).
 * AuthoritySetup created one on unit_predecessors, which the entities do not describe, so the schema drifted from
 * them (the foundation suite's `migration:generate --check` equivalent). Dropped here rather than by editing a
 * migration that has already run.
 */
export class UnitPredecessorsNoForeignKey1796000000001 implements MigrationInterface {
  name = 'UnitPredecessorsNoForeignKey1796000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `unit_predecessors` DROP FOREIGN KEY `fk_unit_predecessors_unit`');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `unit_predecessors` ADD CONSTRAINT `fk_unit_predecessors_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE CASCADE',
    );
  }
}
