import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An assessed unit (cơ quan, đơn vị): the organisation as it is assessed, in a unit group
 * (`agency`, `commune`, …) that selects its criteria set and its ranking table.
 */
@Entity('units')
@Index('uq_units_authority_code', ['authorityId', 'code'], { unique: true })
export class Unit {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  authorityId: number;

  @Column({ type: 'int', unsigned: true })
  organisationId: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ name: 'unit_group', type: 'varchar', length: 32 })
  group: string;

  /** The unit this one succeeds after a merger, if any. */
  @Column({ type: 'int', unsigned: true, nullable: true })
  predecessorId: number | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}

/** A unit this one succeeds (mergers), by code: several per unit, and the old one may no longer exist. */
@Entity('unit_predecessors')
export class UnitPredecessor {
  @PrimaryColumn({ type: 'int', unsigned: true })
  unitId: number;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  predecessorCode: string;
}
