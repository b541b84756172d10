import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The record that a phase closed (the lock job's idempotent effect: UNIQUE (campaign, phase)). */
@Entity('phase_locks')
@Index('uq_phase_locks_campaign_phase', ['campaignId', 'phase'], { unique: true })
export class PhaseLock {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  @Column({ type: 'varchar', length: 32 })
  phase: string;

  @Column({ type: 'datetime', precision: 6 })
  dueAt: Date;

  @Column({ type: 'varchar', length: 32 })
  reason: string;

  @Column({ type: 'datetime', precision: 6 })
  lockedAt: Date;
}
