import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A comment on an appraisal task (also written to the task's audit stream, so it shows in its history). */
@Entity('appraisal_task_comments')
@Index('ix_task_comments_task', ['taskId', 'id'])
export class AppraisalTaskComment {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  taskId: number;

  @Column({ type: 'int', unsigned: true })
  authorUserId: number;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}

/**
 * A saved inbox view (filters), stored on the server so it follows the officer to any device; `shared`
 * makes it visible to everyone of the owner's organisation (read-only for them).
 */
@Entity('inbox_saved_views')
@Index('ix_saved_views_org', ['organisationId', 'shared'])
@Index('ix_saved_views_owner', ['ownerUserId'])
export class InboxSavedView {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  organisationId: number;

  @Column({ type: 'int', unsigned: true })
  ownerUserId: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** The inbox query (preset view + filters) as JSON. */
  @Column({ type: 'text' })
  filters: string;

  @Column({ type: 'boolean', default: false })
  shared: boolean;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt: Date;
}

/** Out of office (vắng mặt): tasks assigned to `userId` within [startsAt, endsAt) go to the substitute. */
@Entity('out_of_office')
@Index('ix_out_of_office_user', ['userId', 'startsAt'])
export class OutOfOffice {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  userId: number;

  @Column({ type: 'int', unsigned: true })
  substituteUserId: number;

  @Column({ type: 'datetime', precision: 6 })
  startsAt: Date;

  /** Exclusive. */
  @Column({ type: 'datetime', precision: 6 })
  endsAt: Date;

  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}

/**
 * A clarification request (yêu cầu giải trình) of one task round: the chosen leaves, a due date, and the
 * unit's answer (text and evidence ids). Round numbers follow the task machine's clarification generation.
 */
@Entity('appraisal_clarifications')
@Index('uq_clarifications_task_round', ['taskId', 'round'], { unique: true })
@Index('ix_clarifications_sheet', ['sheetId', 'status'])
export class AppraisalClarification {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  taskId: number;

  @Column({ type: 'int', unsigned: true })
  sheetId: number;

  @Column({ type: 'int', unsigned: true })
  round: number;

  /** Criterion codes (JSON array) the unit must explain. */
  @Column({ type: 'text' })
  criterionCodes: string;

  @Column({ type: 'text' })
  request: string;

  @Column({ type: 'datetime', precision: 6 })
  dueAt: Date;

  @Column({ type: 'int', unsigned: true })
  requestedBy: number;

  /** `open`, `answered` or `expired`. */
  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: string;

  @Column({ type: 'text', nullable: true })
  answer: string | null;

  /** Evidence ids (JSON array) the unit attached to its answer. */
  @Column({ type: 'text', nullable: true })
  answerEvidenceIds: string | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  answeredBy: number | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  answeredAt: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}

/**
 * The confirmation a conflict-of-interest task needs (the appraising organisation is the assessed unit):
 * a member of the task's confirmer organisation (the secretariat, or the council) confirms the scores.
 */
@Entity('appraisal_task_confirmations')
@Index('uq_task_confirmations_task', ['taskId'], { unique: true })
export class AppraisalTaskConfirmation {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  taskId: number;

  @Column({ type: 'int', unsigned: true })
  userId: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  confirmedAt: Date;
}
