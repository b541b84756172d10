import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A versioned criteria set (bộ tiêu chí) of an authority for one unit group, stored as validated JSON. */
@Entity('criteria_sets')
@Index('uq_criteria_sets_code_version', ['authorityId', 'code', 'version'], { unique: true })
export class CriteriaSetRecord {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  authorityId: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ name: 'unit_group', type: 'varchar', length: 32 })
  group: string;

  /** Total max points in thousandths (exact). */
  @Column({ type: 'int', unsigned: true })
  maxMilli: number;

  /** The CriteriaSet of @lib/criteria as JSON (tree, rules, adjustments). */
  @Column({ type: 'longtext' })
  definition: string;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
