import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only, hash-chained audit log (ASVS 16.4.2): `rowHash = sha256(prevHash ‖ canonical row)`.
 * One chain per audited entity (its stream), so appends for different sheets or tasks never wait on one
 * global lock; `seq` numbers each stream without gaps and every stream has a head (a workflow instance's on its
 * own row, `audit_seq`/`audit_hash`; any other entity's in `audit_streams`), so a deleted tail is detected too.
 * Triggers refuse UPDATE and DELETE; `npm run audit:verify` walks every chain and names the first broken link.
 */
@Entity('audit_log')
@Index('uq_audit_stream_seq', ['entityType', 'entityId', 'seq'], { unique: true })
export class AuditEntry {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  /** UTC, millisecond precision (the canonical form in the hash must survive a round trip through JS). */
  @Column({ type: 'datetime', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'int', unsigned: true, nullable: true })
  actorUserId: number | null;

  /** `user:<username>`, `system:<job>`… — who, readable without a join. */
  @Column({ type: 'varchar', length: 128 })
  actor: string;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  entityType: string;

  @Column({ type: 'int', unsigned: true })
  entityId: number;

  /** Position in the entity's chain: 1, 2, 3… */
  @Column({ type: 'int', unsigned: true })
  seq: number;

  @Column({ type: 'varchar', length: 128, nullable: true })
  fromState: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  toState: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  /** Details (event, changed fields), canonical JSON. */
  @Column({ type: 'text' })
  data: string;

  @Column({ type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  rowHash: string;
}

/**
 * The head of one entity's chain; locked FOR UPDATE to serialise appends to that entity only. Workflow instances
 * (campaigns, score sheets, appraisal tasks) carry their heads on their own rows instead (see WorkflowState).
 */
@Entity('audit_streams')
export class AuditStream {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  entityType: string;

  @PrimaryColumn({ type: 'int', unsigned: true })
  entityId: number;

  @Column({ type: 'int', unsigned: true })
  lastSeq: number;

  @Column({ type: 'char', length: 64 })
  lastHash: string;
}
