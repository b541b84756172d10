import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { WorkflowState } from './workflow-state.embedded';

/** The Biểu tự chấm điểm of one unit in one campaign, driven by the `scoreSheet` machine. */
@Entity('score_sheets')
@Index('uq_score_sheets_campaign_unit', ['campaignId', 'unitId'], { unique: true })
@Index('ix_score_sheets_campaign_state', ['campaignId', 'workflow.state'])
export class ScoreSheet {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  @Column({ type: 'int', unsigned: true })
  unitId: number;

  @Column({ type: 'int', unsigned: true })
  criteriaSetId: number;

  @Column(() => WorkflowState, { prefix: false })
  workflow: WorkflowState;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  submittedAt: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt: Date;
}

/**
 * One leaf of a sheet: the self score with the rule inputs that suggested it, the appraised scores of
 * both rounds and the council's adjustment. Points are integer thousandths (exact).
 */
@Entity('score_entries')
@Index('uq_score_entries_sheet_code', ['sheetId', 'criterionCode'], { unique: true })
// The newest change of a sheet's entries in one index dive: the consolidation's data version (consolidationVersion).
@Index('ix_score_entries_sheet_updated', ['sheetId', 'updatedAt'])
export class ScoreEntryRecord {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  sheetId: number;

  @Column({ type: 'varchar', length: 32 })
  criterionCode: string;

  @Column({ type: 'int', nullable: true })
  selfMilli: number | null;

  /** Structured inputs for rule-based leaves (JSON), e.g. {"rate": "98.5"}. */
  @Column({ type: 'text', nullable: true })
  selfInputs: string | null;

  @Column({ type: 'text', nullable: true })
  explanation: string | null;

  /** `explanation` is set and not empty: kept by triggers on every write (migration 1796000024000), never written. */
  @Column({ type: 'boolean', default: false })
  hasExplanation: boolean;

  @Column({ type: 'int', nullable: true })
  appraisedR1Milli: number | null;

  @Column({ type: 'text', nullable: true })
  appraisedR1Comment: string | null;

  @Column({ type: 'int', nullable: true })
  appraisedR2Milli: number | null;

  @Column({ type: 'text', nullable: true })
  appraisedR2Comment: string | null;

  @Column({ type: 'int', nullable: true })
  councilMilli: number | null;

  @Column({ type: 'text', nullable: true })
  councilReason: string | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  updatedBy: number | null;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt: Date;
}
