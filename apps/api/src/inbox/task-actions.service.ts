import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { AppError } from '@lib/common';
import { AuditLog, WorkflowRunner, dbNow, rows, write, type Actor } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { assertAppraisalOpen, isCandidate, loadVisibleTask, userLabel, type TaskRow } from './task-access';
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
 * columns (`assignee_user_id`, `original_assignee_user_id`) are written in the same transaction.
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
        after: (em) => this.setAssignee(em, taskId, user.id, null),
        onRefused: REFUSED.claim,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONCURRENT_UPDATE') {
        await this.ds.transaction(async (em) => this.assertUnassigned(em, await loadVisibleTask(em, user, taskId)));
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
      after: (em) => this.setAssignee(em, taskId, null, null),
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
      after: (em) => this.setAssignee(em, taskId, assignee, original),
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
    return this.ds.transaction(async (em) => {
      await loadVisibleTask(em, user, taskId);
      const now = await dbNow(em);
      const inserted = await write(
        em,
        'INSERT INTO appraisal_task_comments (task_id, author_user_id, body, created_at) VALUES (?, ?, ?, ?)',
        [taskId, user.id, body, now],
      );
      await this.audit.record(
        em,
        actor,
        {
          action: 'comment.added',
          entityType: 'appraisalTask',
          entityId: taskId,
          data: { commentId: inserted.insertId, body },
        },
        now,
      );
      return { id: inserted.insertId, createdAt: now.toISOString() };
    });
  }

  async comments(user: SessionUser, taskId: number) {
    return this.ds.transaction(async (em) => {
      await loadVisibleTask(em, user, taskId);
      const found = await rows<{
        id: number;
        body: string;
        created_at: Date;
        author_user_id: number;
        username: string;
        full_name: string;
      }>(
        em,
        `SELECT c.id, c.body, c.created_at, c.author_user_id, u.username, u.full_name
           FROM appraisal_task_comments c LEFT JOIN users u ON u.id = c.author_user_id
          WHERE c.task_id = ? ORDER BY c.id`,
        [taskId],
      );
      return found.map((c) => ({
        id: c.id,
        body: c.body,
        createdAt: new Date(c.created_at).toISOString(),
        author: { id: c.author_user_id, username: c.username, fullName: c.full_name },
      }));
    });
  }

  /** A supervisor changes the due or follow-up date of a task; audited with the old and new values. */
  async changeDates(
    user: SessionUser,
    taskId: number,
    dates: { dueAt?: string; followUpAt?: string | null },
    actor: Actor,
  ): Promise<void> {
    await this.ds.transaction(async (em) => {
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
      await write(em, 'UPDATE appraisal_tasks SET due_at = ?, follow_up_at = ? WHERE id = ?', [
        dueAt,
        followUpAt,
        taskId,
      ]);
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
    return this.ds.transaction(async (em) => {
      await loadVisibleTask(em, user, taskId);
      const found = await rows<{
        seq: number;
        occurred_at: Date;
        actor: string;
        actor_user_id: number | null;
        action: string;
        from_state: string | null;
        to_state: string | null;
        data: string;
      }>(
        em,
        `SELECT seq, occurred_at, actor, actor_user_id, action, from_state, to_state, data
           FROM audit_log WHERE entity_type = 'appraisalTask' AND entity_id = ? ORDER BY seq`,
        [taskId],
      );
      return found.map((r) => ({
        seq: r.seq,
        at: new Date(r.occurred_at).toISOString(),
        actor: r.actor,
        actorUserId: r.actor_user_id,
        action: r.action,
        fromState: r.from_state,
        toState: r.to_state,
        data: JSON.parse(r.data) as Record<string, unknown>,
      }));
    });
  }

  private async assertUnassigned(em: EntityManager, task: TaskRow): Promise<void> {
    if (task.assignee_user_id !== null) {
      throw TaskErrors.alreadyClaimed(await userLabel(em, task.assignee_user_id));
    }
  }

  /** The target must be an active appraiser or supervisor of a candidate organisation. */
  private async assertAssignable(em: EntityManager, taskId: number, userId: number): Promise<void> {
    const [target] = await rows<{ roles: string; active: number }>(
      em,
      `SELECT u.roles, u.active FROM users u
        WHERE u.id = ? AND u.organisation_id IN (SELECT organisation_id FROM appraisal_task_candidates WHERE task_id = ?)`,
      [userId, taskId],
    );
    const roles = target ? (JSON.parse(target.roles) as string[]) : [];
    if (!target || !Number(target.active) || !roles.some((r) => r === 'appraiser' || r === 'supervisor')) {
      throw TaskErrors.assigneeNotEligible(userId);
    }
  }

  /** Follows out-of-office entries active at `now` (DB clock) to an eligible substitute, bounded and cycle-free. */
  private async substituteFor(em: EntityManager, taskId: number, userId: number, now: Date): Promise<number> {
    let current = userId;
    const seen = new Set([userId]);
    for (let hop = 0; hop < MAX_SUBSTITUTION_HOPS; hop++) {
      const [away] = await rows<{ substitute_user_id: number }>(
        em,
        'SELECT substitute_user_id FROM out_of_office WHERE user_id = ? AND starts_at <= ? AND ends_at > ? ORDER BY id DESC LIMIT 1',
        [current, now, now],
      );
      if (!away || seen.has(away.substitute_user_id)) {
        break;
      }
      try {
        await this.assertAssignable(em, taskId, away.substitute_user_id);
      } catch {
        break;
      }
      current = away.substitute_user_id;
      seen.add(current);
    }
    return current;
  }

  private async setAssignee(em: EntityManager, taskId: number, assignee: number | null, original: number | null) {
    await write(em, 'UPDATE appraisal_tasks SET assignee_user_id = ?, original_assignee_user_id = ? WHERE id = ?', [
      assignee,
      original,
      taskId,
    ]);
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
