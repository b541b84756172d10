import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { WorkflowState } from './workflow-state.embedded';

/** A yearly PAR Index campaign (đợt đánh giá) of an authority, driven by the `campaign` machine. */
@Entity('campaigns')
@Index('uq_campaigns_authority_code', ['authorityId', 'code'], { unique: true })
export class Campaign {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  authorityId: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'smallint', unsigned: true })
  year: number;

  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  /** The plan file it was created from (config/data/campaigns/<planCode>.yaml). */
  @Column({ type: 'varchar', length: 64 })
  planCode: string;

  /** The campaign plan as loaded (groups, routing, thresholds, caps), frozen at creation. JSON. */
  @Column({ type: 'longtext' })
  plan: string;

  /** Council vote rules: the quorum of voting members and the share of those present that carries a vote. */
  @Column({ type: 'varchar', length: 16, default: 'majority' })
  councilQuorum: string;

  @Column({ type: 'varchar', length: 16, default: 'majority' })
  councilThreshold: string;

  @Column(() => WorkflowState, { prefix: false })
  workflow: WorkflowState;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt: Date;
}
