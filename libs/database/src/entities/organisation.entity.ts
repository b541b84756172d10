import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ORGANISATION_KINDS = [
  'secretariat',
  'agency',
  'commune',
  'appraiser',
  'leadership',
  'council',
  /** The platform administrators' own organisation (in the `platform` authority). */
  'platform',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * Any body people work for: assessed agencies and communes, appraising organisations (which may also be
 * assessed units), the secretariat (home-affairs office), leadership, the council. Users belong to one.
 */
@Entity('organisations')
@Index('uq_organisations_authority_code', ['authorityId', 'code'], { unique: true })
export class Organisation {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  authorityId: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** Short name for tables ("Nội vụ"). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  shortName: string | null;

  /** Other names it is known by in sheets people send (old names, abbreviations), for name matching. */
  @Column({ type: 'simple-json', nullable: true })
  aliases: string[] | null;

  @Column({ type: 'varchar', length: 32 })
  kind: OrganisationKind;

  /** Set when this organisation replaced another (mergers), for year-on-year comparisons. */
  @Column({ type: 'int', unsigned: true, nullable: true })
  predecessorId: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
