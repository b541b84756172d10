import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, dbNow } from '@lib/database';
import { AppError } from '@lib/common';
import { AuditLog, WorkflowRunner, type Actor } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { userLabel } from '../users/user.queries';
import { assertAppraisalOpen, loadVisibleTask } from './task-access';
import {
  candidateUser,
  insertComment,
  isCandidate,
  listComments,
  setAssignee,
  setTaskDates,
  substituteAt,
  taskHistory,
  type TaskRow,
} from './task.queries';
import { REFUSED, TaskErrors } from './task.errors';

export interface ActionResult {
  id: number;
  state: string;
  version: number;
  assignee: { id: number; username: string; fullName: string } | null;
  originalAssigneeUserId: number | null;
}

export interface BulkItemResult {
  id: number;
  ok: boolean;
  state?: string;
  error?: { code: string; message: string; messageVi: string; details?: unknown };
}

/** Out-of-office chains are followed at most this far (A→B→C→D), and never in a circle. */
const MAX_SUBSTITUTION_HOPS = 3;

/**
 * Claim / unclaim / assign (with out-of-office substitution), comments and date changes of appraisal tasks.
 * Every state change goes through the runner (one transaction: task row + audit + outbox); the inbox
 * columns (`assignee_user_id`, `original_assignee_user_id`) are written in the same transaction. Comments, date
 * changes and the reads that lock the task run in the runner's transactions too (WorkflowRunner.transaction): the
 * task read locks the campaign row, and a deadlock's victim is run again rather than answered 409.
 */
@Injectable()
export class TaskActionsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly audit: AuditLog,
  ) {}

  /** First come, first served: only a member of a candidate organisation, only while unassigned. */
  async claim(user: SessionUser, taskId: number, actor: Actor): Promise<ActionResult> {
    try {
      await this.runner.transition({
        machineId: 'appraisalTask',
        id: taskId,
        actor,
        event: { type: 'task.claimed', userId: String(user.id) },
        before: async (em) => {
          // Locking read: the latest committed row, so a lost race names the winner.
          const task = await loadVisibleTask(em, user, taskId, { lock: true });
          if (!(await isCandidate(em, taskId, user.organisationId))) {
            throw TaskErrors.notACandidate();
          }
          await assertAppraisalOpen(em, task);
          await this.assertUnassigned(em, task);
        },
        after: (em) => setAssignee(em, taskId, user.id, null),
        onRefused: REFUSED.claim,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONCURRENT_UPDATE') {
        await this.runner.transaction(async (em) => this.assertUnassigned(em, await loadVisibleTask(em, user, taskId)));
      }
      throw error;
    }
    return this.result(user, taskId);
  }

  /** Give a claimed task back to the organisation's queue: the assignee, or a supervisor of a candidate organisation. */
  async unclaim(user: SessionUser, taskId: number, actor: Actor): Promise<ActionResult> {
    await this.runner.transition({
      machineId: 'appraisalTask',
      id: taskId,
      actor,
      event: { type: 'task.unclaimed' },
      before: async (em) => {
        const task = await loadVisibleTask(em, user, taskId, { lock: true });
        const supervisor = user.roles.includes('supervisor') && (await isCandidate(em, taskId, user.organisationId));
        if (task.assignee_user_id !== user.id && !supervisor) {
          throw TaskErrors.notAssignee(await userLabel(em, task.assignee_user_id));
        }
        await assertAppraisalOpen(em, task);
      },
      after: (em) => setAssignee(em, taskId, null, null),
      onRefused: REFUSED.unclaim,
    });
    return this.result(user, taskId);
  }

  /**
   * A supervisor of a candidate organisation assigns (or reassigns) the task to an officer of a candidate
   * organisation. When that officer is out of office now, the task goes to their substitute and the
   * officer is recorded as the original assignee.
   */
  async assign(user: SessionUser, taskId: number, targetUserId: number, actor: Actor): Promise<ActionResult> {
    let original: number | null = null;
    let assignee = targetUserId;
    await this.runner.transition({
      machineId: 'appraisalTask',
      id: taskId,
      actor,
      event: () => ({ type: 'task.assigned', userId: String(assignee), by: String(user.id) }),
      before: async (em, { now }) => {
        const task = await loadVisibleTask(em, user, taskId, { lock: true });
        if (!user.roles.includes('supervisor') || !(await isCandidate(em, taskId, user.organisationId))) {
          throw TaskErrors.notSupervisor();
        }
        await assertAppraisalOpen(em, task);
        await this.assertAssignable(em, taskId, targetUserId);
        assignee = await this.substituteFor(em, taskId, targetUserId, now);
        original = assignee === targetUserId ? null : targetUserId;
      },
      after: (em) => setAssignee(em, taskId, assignee, original),
      auditData: { requestedAssignee: targetUserId },
      onRefused: REFUSED.assign,
    });
    return this.result(user, taskId);
  }

  async bulk(
    user: SessionUser,
    ids: number[],
    action: (id: number) => Promise<ActionResult>,
  ): Promise<BulkItemResult[]> {
    const results: BulkItemResult[] = [];
    for (const id of [...new Set(ids)]) {
      try {
        const done = await action(id);
        results.push({ id, ok: true, state: done.state });
      } catch (error) {
        if (!(error instanceof AppError)) {
          throw error;
        }
        results.push({
          id,
          ok: false,
          error: { code: error.code, message: error.messageEn, messageVi: error.messageVi, details: error.details },
        });
      }
    }
    void user;
    return results;
  }

  async comment(
    user: SessionUser,
    taskId: number,
    body: string,
    actor: Actor,
  ): Promise<{ id: number; createdAt: string }> {
    return this.runner.transaction(async (em) => {
      await loadVisibleTask(em, user, taskId);
      const now = await dbNow(em);
      const commentId = await insertComment(em, taskId, user.id, body, now);
      await this.audit.record(
        em,
        actor,
        {
          action: 'comment.added',
          entityType: 'appraisalTask',
          entityId: taskId,
          data: { commentId, body },
        },
        now,
      );
      return { id: commentId, createdAt: now.toISOString() };
    });
  }

  async comments(user: SessionUser, taskId: number) {
    return this.runner.transaction(async (em) => {
      await loadVisibleTask(em, user, taskId);
      const found = await listComments(em, taskId);
      return found.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() }));
    });
  }

  /** A supervisor changes the due or follow-up date of a task; audited with the old and new values. */
  async changeDates(
    user: SessionUser,
    taskId: number,
    dates: { dueAt?: string; followUpAt?: string | null },
    actor: Actor,
  ): Promise<void> {
    await this.runner.transaction(async (em) => {
      const task = await loadVisibleTask(em, user, taskId, { lock: true });
      if (!user.roles.includes('supervisor') || !(await isCandidate(em, taskId, user.organisationId))) {
        throw TaskErrors.notSupervisor();
      }
      await assertAppraisalOpen(em, task);
      if (task.state === 'completed') {
        throw TaskErrors.taskCompleted();
      }
      const dueAt = dates.dueAt !== undefined ? new Date(dates.dueAt) : task.due_at;
      const followUpAt =
        dates.followUpAt === undefined
          ? task.follow_up_at
          : dates.followUpAt === null
            ? null
            : new Date(dates.followUpAt);
      if (followUpAt && followUpAt.getTime() > dueAt.getTime()) {
        throw TaskErrors.followUpAfterDue();
      }
      await setTaskDates(em, taskId, dueAt, followUpAt);
      await this.audit.record(em, actor, {
        action: 'task.datesChanged',
        entityType: 'appraisalTask',
        entityId: taskId,
        data: {
          dueAt: { from: new Date(task.due_at).toISOString(), to: dueAt.toISOString() },
          followUpAt: {
            from: task.follow_up_at ? new Date(task.follow_up_at).toISOString() : null,
            to: followUpAt ? followUpAt.toISOString() : null,
          },
        },
      });
    });
  }

  /** Every assignment, claim, date change, score, clarification and comment of the task, from the audit log. */
  async history(user: SessionUser, taskId: number) {
    return this.runner.transaction(async (em) => {
      await loadVisibleTask(em, user, taskId);
      const found = await taskHistory(em, taskId);
      return found.map((r) => ({ ...r, at: r.at.toISOString() }));
    });
  }

  private async assertUnassigned(em: EntityManager, task: TaskRow): Promise<void> {
    if (task.assignee_user_id !== null) {
      throw TaskErrors.alreadyClaimed(await userLabel(em, task.assignee_user_id));
    }
  }

  /** The target must be an active appraiser or supervisor of a candidate organisation. */
  private async assertAssignable(em: EntityManager, taskId: number, userId: number): Promise<void> {
    const target = await candidateUser(em, taskId, userId);
    if (!target?.active || !target.roles.some((r) => r === 'appraiser' || r === 'supervisor')) {
      throw TaskErrors.assigneeNotEligible(userId);
    }
  }

  /** Follows out-of-office entries active at `now` (DB clock) to an eligible substitute, bounded and cycle-free. */
  private async substituteFor(em: EntityManager, taskId: number, userId: number, now: Date): Promise<number> {
    let current = userId;
    const seen = new Set([userId]);
    for (let hop = 0; hop < MAX_SUBSTITUTION_HOPS; hop++) {
      const substitute = await substituteAt(em, current, now);
      if (substitute === undefined || seen.has(substitute)) {
        break;
      }
      try {
        await this.assertAssignable(em, taskId, substitute);
      } catch {
        break;
      }
      current = substitute;
      seen.add(current);
    }
    return current;
  }

  private async result(user: SessionUser, taskId: number): Promise<ActionResult> {
    const task = await loadVisibleTask(this.ds.manager, user, taskId);
    return {
      id: task.id,
      state: task.state,
      version: task.version,
      assignee: await userLabel(this.ds.manager, task.assignee_user_id),
      originalAssigneeUserId: task.original_assignee_user_id,
    };
  }
}
