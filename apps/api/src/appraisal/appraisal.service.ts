import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { AuditLog, WorkflowRunner, eventNotAccepted, type Actor } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { assertAppraisalOpen, loadVisibleTask, lockTasksOfSheetOf } from '../inbox/task-access';
import { REFUSED, TaskErrors } from '../inbox/task.errors';
import {
  countUnfinishedTasksOfSheet,
  findConfirmation,
  insertConfirmation,
  setCompletedAt,
  taskState,
  taskNames,
  taskSubject,
  type TaskRow,
} from '../inbox/task.queries';
import { clarificationsOfTask, clarifiedCodes } from '../sheets/clarification.queries';
import { loadDocuments } from '../evidence/evidence.queries';
import { loadEntries, upsertAppraisedScore } from '../sheets/sheet.queries';
import { userLabel } from '../users/user.queries';
import { areaLeaves, assertAssignee, lockAppraisable } from './appraisal-access';
import { buildTaskView } from './appraisal-view';
import type { AppraisalTaskView, SavedScoresView, ScoreInputDto } from './dto/appraisal.dto';
import { validateScoreBatch, type ScoreProblem } from './score-validation';

/**
 * Appraisal of one task: the appraised score of each leaf of its content area (validated against 0..max and
 * the rule, the rule's suggestion shown), the conflict-of-interest confirmation, and completion (clarification
 * round trips: ClarificationsService). State changes go through the runner; score writes lock the task row and
 * are audited on the task's stream, so they serialise with its transitions and show in its history.
 */
@Injectable()
export class AppraisalService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly audit: AuditLog,
  ) {}

  async detail(user: SessionUser, taskId: number): Promise<AppraisalTaskView> {
    const em = this.ds.manager;
    const task = await loadVisibleTask(em, user, taskId);
    return buildTaskView({
      task,
      names: await taskNames(em, task),
      areaLeaves: await areaLeaves(em, task),
      entries: await loadEntries(em, task.sheet_id),
      docs: await loadDocuments(em, task.sheet_id),
      clarified: await clarifiedCodes(em, task.id),
      clarifications: await clarificationsOfTask(em, task.id),
      confirmation: await findConfirmation(em, task.id),
      assignee: await userLabel(em, task.assignee_user_id),
    });
  }

  /**
   * Save appraised scores entry by entry: every valid entry is saved and each invalid one comes back in
   * `refused` with the reason, so one wrong value no longer throws away the others. Only a batch with no valid
   * entry is refused as a whole (nothing changes, not even the move to review). A leaf named in an answered or
   * expired clarification takes a round-2 score; any other leaf a round-1 score. A claimed task moves to review
   * on its first scores.
   */
  async saveScores(
    user: SessionUser,
    taskId: number,
    entries: ScoreInputDto[],
    actor: Actor,
  ): Promise<SavedScoresView> {
    let refused: ScoreProblem[] = [];
    const writeScores = async (em: EntityManager) => {
      const task = await lockAppraisable(em, user, taskId);
      const { valid, problems } = validateScoreBatch(
        entries,
        await areaLeaves(em, task),
        await clarifiedCodes(em, taskId),
      );
      if (valid.length === 0) {
        throw TaskErrors.invalidScores(problems);
      }
      refused = problems;
      for (const score of valid) {
        await upsertAppraisedScore(em, task.sheet_id, score, user.id);
      }
      await this.audit.record(em, actor, {
        action: 'scores.appraised',
        entityType: 'appraisalTask',
        entityId: taskId,
        data: {
          scores: valid.map((v) => ({ code: v.code, points: v.milli / 1000, round: v.round, comment: v.comment })),
        },
      });
    };
    if ((await taskState(this.ds.manager, taskId)) === 'claimed') {
      await this.runner.transition({
        machineId: 'appraisalTask',
        id: taskId,
        actor,
        event: { type: 'review.started' },
        before: async (em) => {
          const task = await loadVisibleTask(em, user, taskId, { lock: true });
          assertAssignee(task, user);
        },
        after: (em) => writeScores(em),
      });
    } else {
      await this.runner.transaction(async (em) => {
        const task = await loadVisibleTask(em, user, taskId, { lock: true });
        await assertAppraisalOpen(em, task);
        if (task.state !== 'inReview') {
          throw eventNotAccepted('appraisalTask', task.state, REFUSED.score);
        }
        await writeScores(em);
      });
    }
    return { ...(await this.detail(user, taskId)), refused };
  }

  /** The confirmer organisation (secretariat / council) confirms a conflict-of-interest task's scores. */
  async confirm(user: SessionUser, taskId: number, note: string | undefined, actor: Actor): Promise<AppraisalTaskView> {
    await this.runner.transaction(async (em) => {
      const task = await loadVisibleTask(em, user, taskId, { lock: true });
      if (!Number(task.conflict_of_interest)) {
        throw TaskErrors.noConflict();
      }
      const confirmerMember = task.confirmer_organisation_id === user.organisationId;
      if (!confirmerMember && !(task.confirmer_organisation_id === null && user.roles.includes('admin'))) {
        throw TaskErrors.notConfirmer();
      }
      await assertAppraisalOpen(em, task);
      if (!(await insertConfirmation(em, taskId, user.id, note ?? null))) {
        throw TaskErrors.alreadyConfirmed();
      }
      await this.audit.record(em, actor, {
        action: 'conflict.confirmed',
        entityType: 'appraisalTask',
        entityId: taskId,
        data: { note: note ?? null },
      });
    });
    return this.detail(user, taskId);
  }

  /**
   * Complete the task when every leaf has a final appraised score (round 2 for clarified leaves) and, for a
   * conflict of interest, the confirmation exists. When it is the sheet's last open task, the sheet moves to
   * `appraised` in the same transaction (completions of one sheet serialise on the sheet row).
   */
  async complete(user: SessionUser, taskId: number, actor: Actor): Promise<AppraisalTaskView> {
    await this.runner.transition({
      machineId: 'appraisalTask',
      id: taskId,
      actor,
      event: { type: 'task.completed' },
      before: async (em) => {
        // The sheet's tasks before the campaign row (lockTasksOfSheetOf says why: the count in `after`).
        await lockTasksOfSheetOf(em, user, taskId);
        const task = await lockAppraisable(em, user, taskId);
        const missing = await this.missingScores(em, task);
        if (missing.length > 0) {
          throw TaskErrors.scoresMissing(missing);
        }
        if (Number(task.conflict_of_interest) && !(await findConfirmation(em, taskId))) {
          throw TaskErrors.confirmationRequired(task.confirmer_organisation_id);
        }
      },
      after: async (em, { row, now }) => {
        await setCompletedAt(em, row.id, now);
        const { sheetId } = await taskSubject(em, row.id);
        if ((await countUnfinishedTasksOfSheet(em, sheetId)) === 0) {
          await this.runner.transitionIn(em, {
            machineId: 'scoreSheet',
            id: sheetId,
            event: { type: 'appraisal.completed' },
            actor,
            onRefused: 'ignore',
            auditData: { lastTaskId: row.id },
          });
        }
      },
      onRefused: REFUSED.complete,
    });
    return this.detail(user, taskId);
  }

  private async missingScores(em: EntityManager, task: TaskRow): Promise<string[]> {
    const leaves = await areaLeaves(em, task);
    const entries = await loadEntries(em, task.sheet_id);
    const clarified = await clarifiedCodes(em, task.id);
    return [...leaves.keys()].filter((code) => {
      const e = entries.get(code);
      const score = clarified.has(code) ? e?.round2Milli : e?.round1Milli;
      return score === null || score === undefined;
    });
  }
}
