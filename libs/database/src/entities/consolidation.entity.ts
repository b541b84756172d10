import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A survey result (kết quả điều tra xã hội học / khảo sát) for one survey leaf of one unit, as imported from
 * .xlsx by the secretariat. `value` is the measured figure as written (a percentage, "92,5"); `pointsMilli`
 * is what the leaf's rule gives for it, written to the leaf's appraised score in the same transaction.
 */
@Entity('survey_results')
@Index('uq_survey_results_unit_code', ['campaignId', 'unitId', 'criterionCode'], { unique: true })
export class SurveyResult {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  @Column({ type: 'int', unsigned: true })
  unitId: number;

  @Column({ type: 'varchar', length: 32 })
  criterionCode: string;

  /** The measured value as a decimal string with a dot ("92.5"). */
  @Column({ type: 'varchar', length: 32 })
  value: string;

  @Column({ type: 'int' })
  pointsMilli: number;

  /** File name (and sheet) it came from. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  source: string | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  importedBy: number | null;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt: Date;
}

export type AdjustmentKind = 'bonus' | 'penalty';

/**
 * A bonus or penalty item (điểm thưởng / điểm trừ) recognised for a unit by the secretariat: the item of the
 * criteria set, how often it occurred, and the resulting magnitude before the cap (the cap is applied when
 * the sheet is scored, so the row keeps what was actually found).
 */
@Entity('adjustment_entries')
@Index('uq_adjustment_entries_item', ['campaignId', 'unitId', 'kind', 'itemCode'], { unique: true })
export class AdjustmentEntry {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  @Column({ type: 'int', unsigned: true })
  unitId: number;

  @Column({ type: 'varchar', length: 8 })
  kind: AdjustmentKind;

  @Column({ type: 'varchar', length: 32 })
  itemCode: string;

  @Column({ type: 'int', unsigned: true })
  occurrences: number;

  /** points per occurrence × occurrences, positive milli-points, uncapped. */
  @Column({ type: 'int', unsigned: true })
  pointsMilli: number;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  updatedBy: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt: Date;
}
