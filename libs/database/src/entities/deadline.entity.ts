import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type DeadlineStatus = 'scheduled' | 'fired' | 'skipped';

/**
 * A deadline: an absolute instant in UTC for one phase of one workflow instance (a campaign phase, or a
 * unit's extension, or a clarification). The delayed job only triggers; this row is the truth, and the
 * reconciler rebuilds missing jobs from it. `generation` bumps on every change so stale jobs are no-ops.
 */
@Entity('deadlines')
@Index('uq_deadlines_subject_phase', ['subjectType', 'subjectId', 'phase'], { unique: true })
@Index('ix_deadlines_status_due', ['status', 'dueAt'])
export class Deadline {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  /** The machine id of the instance the deadline event goes back to (`campaign`, `scoreSheet`, `appraisalTask`). */
  @Column({ type: 'varchar', length: 32 })
  subjectType: string;

  @Column({ type: 'int', unsigned: true })
  subjectId: number;

  @Column({ type: 'varchar', length: 32 })
  phase: string;

  @Column({ type: 'datetime', precision: 6 })
  dueAt: Date;

  @Column({ type: 'int', unsigned: true })
  generation: number;

  /** The event (JSON) to deliver to the instance when the deadline is reached. */
  @Column({ type: 'text' })
  event: string;

  @Column({ type: 'varchar', length: 16, default: 'scheduled' })
  status: DeadlineStatus;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  firedAt: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt: Date;
}
