import { Column } from 'typeorm';

/**
 * The persisted state of one workflow instance, embedded in its subject's row (campaigns, score sheets,
 * appraisal tasks) so queries filter on `state` directly. Only the runner writes these columns, with a
 * conditional UPDATE on `version` (TypeORM's @VersionColumn does not check the version on save). The row also
 * carries the head of the instance's audit chain, which that same UPDATE moves (see `audit_streams` for the
 * heads of entities that are not instances).
 */
export class WorkflowState {
  @Column({ type: 'varchar', length: 64 })
  machineId: string;

  @Column({ type: 'int', unsigned: true })
  machineVersion: number;

  /** The state value as a string (`selfAssessment`, `underAppraisal`…), for filtering and display. */
  @Column({ type: 'varchar', length: 128 })
  state: string;

  /** The XState persisted snapshot, JSON. */
  @Column({ type: 'longtext' })
  snapshot: string;

  /** Optimistic concurrency: +1 on every accepted transition. */
  @Column({ type: 'int', unsigned: true, default: 0 })
  version: number;

  /** The instance's audit chain head: the seq of its last audit entry (0 before the first). */
  @Column({ type: 'int', unsigned: true, default: 0 })
  auditSeq: number;

  /** The row_hash of that entry (the genesis hash, 64 zeros, before the first). */
  @Column({ type: 'char', length: 64, default: '0'.repeat(64) })
  auditHash: string;
}
