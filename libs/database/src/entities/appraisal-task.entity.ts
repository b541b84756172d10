import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { WorkflowState } from './workflow-state.embedded';

/** Nhiệm vụ thẩm định: one content area of one submitted sheet, in the inbox of its appraising organisations. */
@Entity('appraisal_tasks')
@Index('uq_appraisal_tasks_sheet_area', ['sheetId', 'contentArea'], { unique: true })
// Covers the inbox page (migration 1796000023000): the entries a page skips never lead to the row.
@Index('ix_appraisal_tasks_inbox', [
  'campaignId',
  'workflow.state',
  'dueAt',
  'id',
  'sheetId',
  'unitId',
  'contentArea',
  'workflow.version',
  'assigneeUserId',
  'originalAssigneeUserId',
  'followUpAt',
  'conflictOfInterest',
  'completedAt',
  'confirmerOrganisationId',
])
@Index('ix_appraisal_tasks_assignee', ['assigneeUserId', 'workflow.state', 'dueAt', 'id'])
export class AppraisalTask {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  @Column({ type: 'int', unsigned: true })
  sheetId: number;

  @Column({ type: 'int', unsigned: true })
  unitId: number;

  @Column({ type: 'varchar', length: 64 })
  contentArea: string;

  @Column(() => WorkflowState, { prefix: false })
  workflow: WorkflowState;

  @Column({ type: 'int', unsigned: true, nullable: true })
  assigneeUserId: number | null;

  /** Who it was meant for when an out-of-office substitute took it. */
  @Column({ type: 'int', unsigned: true, nullable: true })
  originalAssigneeUserId: number | null;

  @Column({ type: 'datetime', precision: 6 })
  dueAt: Date;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  followUpAt: Date | null;

  /** The appraising organisation is the assessed unit: the secretariat must confirm. */
  @Column({ type: 'boolean', default: false })
  conflictOfInterest: boolean;

  @Column({ type: 'int', unsigned: true, nullable: true })
  confirmerOrganisationId: number | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt: Date;
}

/** Candidate organisations of a task (the "candidate groups" of an inbox). */
@Entity('appraisal_task_candidates')
@Index('uq_task_candidates', ['taskId', 'organisationId'], { unique: true })
@Index('ix_task_candidates_org', ['organisationId', 'taskId'])
export class AppraisalTaskCandidate {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  taskId: number;

  @Column({ type: 'int', unsigned: true })
  organisationId: number;
}
