import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A unit's membership in one campaign: its group (ranking table) and the criteria set it is scored on. */
@Entity('campaign_units')
@Index('uq_campaign_units', ['campaignId', 'unitId'], { unique: true })
export class CampaignUnit {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  @Column({ type: 'int', unsigned: true })
  unitId: number;

  @Column({ name: 'unit_group', type: 'varchar', length: 32 })
  group: string;

  @Column({ type: 'int', unsigned: true })
  criteriaSetId: number;

  /** Set aside by the secretariat (never submitted): the required reason; such a unit is listed, not ranked. */
  @Column({ type: 'text', nullable: true })
  excludedReason: string | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  excludedAt: Date | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  excludedBy: number | null;
}
