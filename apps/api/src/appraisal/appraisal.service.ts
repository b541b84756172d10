import { Inject, Injectable } from '@nestjs/common';
import { leaves, ruleToText, type CriterionNode } from '@lib/criteria';
import { DATA_SOURCE } from '@lib/database';
import {
  AuditLog,
  WorkflowRunner,
  clarificationRounds,
  eventNotAccepted,
  rows,
  write,
  type Actor,
} from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { assertAppraisalOpen, loadVisibleTask, userLabel, type TaskRow } from '../inbox/task-access';
import { REFUSED, TaskErrors } from '../inbox/task.errors';
import { suggest } from '@lib/criteria';
import { SheetAccess, type ClarificationRow } from '../sheets/sheet-access.service';
import { documentsByCode } from '../sheets/sheet-view';
import { loadDocuments, loadEntries, type SheetDocument } from '../sheets/sheet.queries';
import { definitionOf, findCriteriaSetOfSheet } from '../criteria/criteria-set.queries';
import { evidenceRef } from '../sheets/sheet-view';
import type {
  AnswerClarificationDto,
  AppraisalEvidenceView,
  AppraisalLeafView,
  AppraisalTaskView,
  ClarificationView,
  RequestClarificationDto,
  ScoreInputDto,
} from './dto/appraisal.dto';
import { validateAppraisedScore, type ScoreProblem } from './score-validation';

const points = (milli: number | null) => (milli === null ? null : milli / 1000);

/**
 * Appraisal of one task: the appraised score of each leaf of its content area (validated against 0..max and
 * the rule, the rule's suggestion shown), clarification round trips with the unit, the conflict-of-interest
 * confirmation, and completion. State changes go through the runner; score writes lock the task row and are
 * audited on the task's stream, so they serialise with its transitions and show in its history.
 */
@Injectable()
export class AppraisalService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly audit: AuditLog,
    private readonly access: SheetAccess,
  ) {}

  async detail(user: SessionUser, taskId: number): Promise<AppraisalTaskView> {
    const em = this.ds.manager;
    const task = await loadVisibleTask(em, user, taskId);
    return this.view(em, task);
  }

  /**
   * Save appraised scores (all or nothing). A leaf named in an answered or expired clarification takes a
   * round-2 score; any other leaf a round-1 score. A claimed task moves to review on its first scores.
   */
  async saveScores(
    user: SessionUser,
    taskId: number,
    entries: ScoreInputDto[],
    actor: Actor,
  ): Promise<AppraisalTaskView> {
    const write1 = async (em: EntityManager) => {
      const task = await this.lockAppraisable(em, user, taskId);
      const areaLeaves = await this.leavesOf(em, task);
      const clarified = await this.clarifiedCodes(em, taskId);
      const problems: ScoreProblem[] = [];
      const valid: Array<{ code: string; milli: number; comment: string | null; round: 1 | 2 }> = [];
      const seen = new Set<string>();
      for (const entry of entries) {
        const leaf = areaLeaves.get(entry.code);
        if (!leaf) {
          problems.push({
            code: 'UNKNOWN_LEAF',
            field: `scores[${entry.code}]`,
            messageVi: `Tiêu chí ${entry.code} không thuộc nội dung thẩm định của nhiệm vụ này.`,
            message: `${entry.code} is not a leaf of this task's content area.`,
          });
          continue;
        }
        if (seen.has(entry.code)) {
          problems.push({
            code: 'DUPLICATE_LEAF',
            field: `scores[${entry.code}]`,
            messageVi: `Tiêu chí ${entry.code} được gửi hai lần.`,
            message: `${entry.code} appears twice.`,
          });
          continue;
        }
        seen.add(entry.code);
        const checked = validateAppraisedScore(leaf, entry.points);
        if (!checked.ok) {
          problems.push(checked.problem);
          continue;
        }
        const round = entry.round ?? (clarified.has(entry.code) ? 2 : 1);
        if (round === 2 && !clarified.has(entry.code)) {
          problems.push({
            code: 'NO_CLARIFICATION',
            field: `scores[${entry.code}].round`,
            messageVi: `Tiêu chí ${entry.code} chưa có giải trình nên chưa chấm vòng 2.`,
            message: `${entry.code} has no answered clarification; a round-2 score is not possible yet.`,
          });
          continue;
        }
        valid.push({ code: entry.code, milli: checked.milli, comment: entry.comment ?? null, round });
      }
      if (problems.length > 0) {
        throw TaskErrors.invalidScores(problems);
      }
      for (const v of valid) {
        const [score, comment] =
          v.round === 2
            ? ['appraised_r2_milli', 'appraised_r2_comment']
            : ['appraised_r1_milli', 'appraised_r1_comment'];
        await write(
          em,
          `INSERT INTO score_entries (sheet_id, criterion_code, ${score}, ${comment}, updated_by) VALUES (?, ?, ?, ?, ?)
           ON DUPLICATE KEY UPDATE ${score} = VALUES(${score}), ${comment} = VALUES(${comment}), updated_by = VALUES(updated_by)`,
          [task.sheet_id, v.code, v.milli, v.comment, user.id],
        );
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
    const [current] = await rows<{ state: string }>(this.ds.manager, 'SELECT state FROM appraisal_tasks WHERE id = ?', [
      taskId,
    ]);
    if (current?.state === 'claimed') {
      await this.runner.transition({
        machineId: 'appraisalTask',
        id: taskId,
        actor,
        event: { type: 'review.started' },
        before: async (em) => {
          const task = await loadVisibleTask(em, user, taskId, { lock: true });
          this.assertAssignee(task, user);
        },
        after: (em) => write1(em),
      });
    } else {
      await this.ds.transaction(async (em) => {
        const task = await loadVisibleTask(em, user, taskId, { lock: true });
        await assertAppraisalOpen(em, task);
        if (task.state !== 'inReview') {
          throw eventNotAccepted('appraisalTask', task.state, REFUSED.score);
        }
        await write1(em);
      });
    }
    return this.detail(user, taskId);
  }

  /** Ask the unit to explain chosen leaves by a due date (giải trình): task → awaitingClarification; the sheet records it. */
  async requestClarification(
    user: SessionUser,
    taskId: number,
    dto: RequestClarificationDto,
    actor: Actor,
  ): Promise<ClarificationView> {
    let clarificationId = 0;
    await this.runner.transition({
      machineId: 'appraisalTask',
      id: taskId,
      actor,
      event: { type: 'clarification.requested', dueAt: new Date(dto.dueAt).toISOString() },
      before: async (em, { now }) => {
        const task = await this.lockAppraisable(em, user, taskId);
        const areaLeaves = await this.leavesOf(em, task);
        const unknown = dto.criterionCodes.filter((c) => !areaLeaves.has(c));
        if (unknown.length > 0) {
          throw TaskErrors.unknownLeaves(unknown);
        }
        if (new Date(dto.dueAt).getTime() <= now.getTime()) {
          throw TaskErrors.dueInPast();
        }
      },
      after: async (em, { row, result }) => {
        const round = clarificationRounds(result.snapshot);
        const [task] = await rows<{ sheet_id: number; content_area: string }>(
          em,
          'SELECT sheet_id, content_area FROM appraisal_tasks WHERE id = ?',
          [row.id],
        );
        const inserted = await write(
          em,
          `INSERT INTO appraisal_clarifications (task_id, sheet_id, round, criterion_codes, request, due_at, requested_by)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [
            row.id,
            task.sheet_id,
            round,
            JSON.stringify([...new Set(dto.criterionCodes)]),
            dto.request,
            new Date(dto.dueAt),
            user.id,
          ],
        );
        clarificationId = inserted.insertId;
        await this.runner.transitionIn(em, {
          machineId: 'scoreSheet',
          id: task.sheet_id,
          event: { type: 'clarification.requested', contentArea: task.content_area },
          actor,
          onRefused: 'ignore',
          auditData: { taskId: row.id, round },
        });
      },
      onRefused: REFUSED.clarify,
    });
    return this.clarification(this.ds.manager, clarificationId);
  }

  /** The unit's open and past clarification requests (unit officers of the assessed unit). */
  async unitClarifications(user: SessionUser): Promise<ClarificationView[]> {
    const em = this.ds.manager;
    const found = await rows<ClarificationRow>(
      em,
      `SELECT k.* FROM appraisal_clarifications k
         JOIN score_sheets s ON s.id = k.sheet_id JOIN units u ON u.id = s.unit_id
        WHERE u.organisation_id = ? AND u.authority_id = ? ORDER BY k.due_at, k.id`,
      [user.organisationId, user.authorityId],
    );
    const docs = new Map<number, SheetDocument[]>();
    for (const sheetId of new Set(found.map((k) => k.sheet_id))) {
      docs.set(sheetId, await loadDocuments(em, sheetId));
    }
    return found.map((k) => clarificationView(k, docs.get(k.sheet_id)!));
  }

  /**
   * The unit answers with text and the documents that support it (uploaded for this clarification, or
   * already on the sheet, linked to a leaf under clarification): task back to review, sheet clarification
   * closed for that area. Open while the clarification's own due date has not passed (database clock).
   */
  async answerClarification(
    user: SessionUser,
    clarificationId: number,
    dto: AnswerClarificationDto,
    actor: Actor,
  ): Promise<ClarificationView> {
    const k = await this.access.findClarification(user, clarificationId);
    const evidenceIds = [...new Set(dto.evidenceIds ?? [])];
    await this.runner.transition({
      machineId: 'appraisalTask',
      id: k.task_id,
      actor,
      event: { type: 'clarification.answered' },
      before: async (em) => {
        const { clarification } = await this.access.lockClarificationWritable(em, user, k.id);
        const docs = new Map((await loadDocuments(em, k.sheet_id)).map((d) => [d.evidenceId, d]));
        const unusable = evidenceIds.filter(
          (id) => !docs.get(id)?.codes.some((code) => clarification.codes.includes(code)),
        );
        if (unusable.length > 0) {
          throw TaskErrors.evidenceNotUnderClarification(unusable, clarification.codes);
        }
      },
      after: async (em, { now }) => {
        await write(
          em,
          "UPDATE appraisal_clarifications SET status = 'answered', answer = ?, answer_evidence_ids = ?, answered_by = ?, answered_at = ? WHERE id = ?",
          [dto.answer, JSON.stringify(evidenceIds), user.id, now, k.id],
        );
        const [task] = await rows<{ content_area: string }>(
          em,
          'SELECT content_area FROM appraisal_tasks WHERE id = ?',
          [k.task_id],
        );
        await this.runner.transitionIn(em, {
          machineId: 'scoreSheet',
          id: k.sheet_id,
          event: { type: 'clarification.answered', contentArea: task.content_area },
          actor,
          onRefused: 'ignore',
          auditData: { taskId: k.task_id, round: k.round },
        });
      },
      auditData: { clarificationId: k.id, round: k.round, answer: dto.answer, evidenceIds },
      onRefused: REFUSED.answer,
    });
    return this.clarification(this.ds.manager, k.id);
  }

  /** The confirmer organisation (secretariat / council) confirms a conflict-of-interest task's scores. */
  async confirm(user: SessionUser, taskId: number, note: string | undefined, actor: Actor): Promise<AppraisalTaskView> {
    await this.ds.transaction(async (em) => {
      const task = await loadVisibleTask(em, user, taskId, { lock: true });
      if (!Number(task.conflict_of_interest)) {
        throw TaskErrors.noConflict();
      }
      const confirmerMember = task.confirmer_organisation_id === user.organisationId;
      if (!confirmerMember && !(task.confirmer_organisation_id === null && user.roles.includes('admin'))) {
        throw TaskErrors.notConfirmer();
      }
      await assertAppraisalOpen(em, task);
      const inserted = await write(
        em,
        'INSERT IGNORE INTO appraisal_task_confirmations (task_id, user_id, note) VALUES (?, ?, ?)',
        [taskId, user.id, note ?? null],
      );
      if (inserted.affectedRows !== 1) {
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
        const task = await this.lockAppraisable(em, user, taskId);
        const missing = await this.missingScores(em, task);
        if (missing.length > 0) {
          throw TaskErrors.scoresMissing(missing);
        }
        if (Number(task.conflict_of_interest)) {
          const [confirmed] = await rows<{ id: number }>(
            em,
            'SELECT id FROM appraisal_task_confirmations WHERE task_id = ?',
            [taskId],
          );
          if (!confirmed) {
            throw TaskErrors.confirmationRequired(task.confirmer_organisation_id);
          }
        }
      },
      after: async (em, { row, now }) => {
        await write(em, 'UPDATE appraisal_tasks SET completed_at = ? WHERE id = ?', [now, row.id]);
        const [task] = await rows<{ sheet_id: number }>(em, 'SELECT sheet_id FROM appraisal_tasks WHERE id = ?', [
          row.id,
        ]);
        // A locking read sees siblings completed by transactions that committed while we waited for the sheet.
        const [open] = await rows<{ n: number }>(
          em,
          "SELECT COUNT(*) AS n FROM appraisal_tasks WHERE sheet_id = ? AND state <> 'completed' LOCK IN SHARE MODE",
          [task.sheet_id],
        );
        if (Number(open.n) === 0) {
          await this.runner.transitionIn(em, {
            machineId: 'scoreSheet',
            id: task.sheet_id,
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

  // ── helpers ────────────────────────────────────────────────────────────────────────────────

  private assertAssignee(task: TaskRow, user: SessionUser): void {
    if (task.assignee_user_id !== user.id) {
      throw TaskErrors.notAssignee(null);
    }
  }

  /**
   * In a write transaction: the task through the caller's scope (404), locked, then its sheet (the order every
   * task write takes: task row, then sheet row); the caller must be the assignee and the appraisal phase open.
   */
  private async lockAppraisable(em: EntityManager, user: SessionUser, taskId: number): Promise<TaskRow> {
    const task = await loadVisibleTask(em, user, taskId, { lock: true });
    await rows(em, 'SELECT id FROM score_sheets WHERE id = ? FOR UPDATE', [task.sheet_id]);
    this.assertAssignee(task, user);
    await assertAppraisalOpen(em, task);
    return task;
  }

  private async leavesOf(
    em: EntityManager,
    task: Pick<TaskRow, 'sheet_id' | 'content_area'>,
  ): Promise<Map<string, CriterionNode>> {
    const all = leaves(definitionOf((await findCriteriaSetOfSheet(em, task.sheet_id))!));
    return new Map(all.filter((l) => l.contentArea === task.content_area).map((l) => [l.code, l]));
  }

  /** Leaves named in an answered or expired clarification of the task: they need a round-2 score. */
  private async clarifiedCodes(em: EntityManager, taskId: number): Promise<Set<string>> {
    const found = await rows<{ criterion_codes: string }>(
      em,
      "SELECT criterion_codes FROM appraisal_clarifications WHERE task_id = ? AND status IN ('answered', 'expired')",
      [taskId],
    );
    return new Set(found.flatMap((r) => JSON.parse(r.criterion_codes) as string[]));
  }

  private async missingScores(em: EntityManager, task: TaskRow): Promise<string[]> {
    const areaLeaves = await this.leavesOf(em, task);
    const entries = await loadEntries(em, task.sheet_id);
    const clarified = await this.clarifiedCodes(em, task.id);
    return [...areaLeaves.keys()].filter((code) => {
      const e = entries.get(code);
      const score = clarified.has(code) ? e?.round2Milli : e?.round1Milli;
      return score === null || score === undefined;
    });
  }

  private async view(em: EntityManager, task: TaskRow): Promise<AppraisalTaskView> {
    const areaLeaves = await this.leavesOf(em, task);
    const entries = await loadEntries(em, task.sheet_id);
    const docs = await loadDocuments(em, task.sheet_id);
    const docsByCode = documentsByCode(docs);
    const clarified = await this.clarifiedCodes(em, task.id);
    const [campaign] = await rows<{ year: number }>(em, 'SELECT year FROM campaigns WHERE id = ?', [task.campaign_id]);
    const [confirmation] = await rows<{ user_id: number; note: string | null; confirmed_at: Date }>(
      em,
      'SELECT user_id, note, confirmed_at FROM appraisal_task_confirmations WHERE task_id = ?',
      [task.id],
    );
    const clarifications = await rows<ClarificationRow>(
      em,
      'SELECT * FROM appraisal_clarifications WHERE task_id = ? ORDER BY round',
      [task.id],
    );
    const ctx = { timeZone: task.timezone, assessmentYear: campaign?.year ?? new Date().getUTCFullYear() };
    const leafViews: AppraisalLeafView[] = [...areaLeaves.values()].map((leaf) => {
      const e = entries.get(leaf.code);
      const r1 = e?.round1Milli ?? null;
      const r2 = e?.round2Milli ?? null;
      const linked = docsByCode.get(leaf.code) ?? [];
      const suggestion = suggest(leaf, e?.selfInputs ?? null, linked, ctx);
      return {
        code: leaf.code,
        title: leaf.title,
        maxPoints: leaf.maxPoints / 1000,
        rule: leaf.rule ? safeRuleText(leaf) : null,
        ruleKind: leaf.rule?.kind ?? null,
        evidenceHint: leaf.evidenceHint ?? null,
        selfPoints: points(e?.selfMilli ?? null),
        selfExplanation: e?.explanation ?? null,
        suggestion: {
          points: points(suggestion.points),
          explanation: suggestion.explanation,
          selfScorable: suggestion.selfScorable,
          decidedBy: suggestion.decidedBy,
        },
        evidence: linked.map(appraisalEvidence),
        round1: points(r1),
        round1Comment: e?.round1Comment ?? null,
        round2: points(r2),
        round2Comment: e?.round2Comment ?? null,
        needsRound2: clarified.has(leaf.code),
        finalPoints: points(clarified.has(leaf.code) ? r2 : (r2 ?? r1)),
      };
    });
    return {
      id: task.id,
      campaignId: task.campaign_id,
      sheetId: task.sheet_id,
      unitId: task.unit_id,
      contentArea: task.content_area,
      state: task.state,
      version: task.version,
      assignee: await userLabel(em, task.assignee_user_id),
      dueAt: new Date(task.due_at).toISOString(),
      followUpAt: task.follow_up_at ? new Date(task.follow_up_at).toISOString() : null,
      conflictOfInterest: Boolean(Number(task.conflict_of_interest)),
      confirmerOrganisationId: task.confirmer_organisation_id,
      confirmed: confirmation
        ? {
            userId: confirmation.user_id,
            note: confirmation.note,
            at: new Date(confirmation.confirmed_at).toISOString(),
          }
        : null,
      leaves: leafViews,
      clarifications: clarifications.map((k) => clarificationView(k, docs)),
      complete: leafViews.every((l) => l.finalPoints !== null),
    };
  }

  private async clarification(em: EntityManager, id: number): Promise<ClarificationView> {
    const [k] = await rows<ClarificationRow>(em, 'SELECT * FROM appraisal_clarifications WHERE id = ?', [id]);
    return clarificationView(k, await loadDocuments(em, k.sheet_id));
  }
}

function safeRuleText(leaf: CriterionNode): string | null {
  try {
    return ruleToText(leaf.rule!, leaf.maxPoints);
  } catch {
    return leaf.rule?.kind ?? null;
  }
}

/** A document as the appraiser reviews it, with the inline (sandboxed) URL for the PDF viewer. */
function appraisalEvidence(doc: SheetDocument): AppraisalEvidenceView {
  return {
    ...evidenceRef(doc),
    uploadedAt: new Date(doc.uploadedAt).toISOString(),
    signatures: doc.signatures,
    viewUrl: `/api/evidence/${doc.evidenceId}/view`,
    downloadUrl: `/api/evidence/${doc.evidenceId}/download`,
  };
}

function clarificationView(k: ClarificationRow, sheetDocs: readonly SheetDocument[]): ClarificationView {
  const evidenceIds = k.answer_evidence_ids ? (JSON.parse(k.answer_evidence_ids) as number[]) : [];
  return {
    id: k.id,
    taskId: k.task_id,
    sheetId: k.sheet_id,
    round: k.round,
    criterionCodes: JSON.parse(k.criterion_codes) as string[],
    request: k.request,
    dueAt: new Date(k.due_at).toISOString(),
    status: k.status,
    answer: k.answer,
    evidenceIds,
    evidence: sheetDocs.filter((d) => evidenceIds.includes(d.evidenceId)).map(appraisalEvidence),
    answeredAt: k.answered_at ? new Date(k.answered_at).toISOString() : null,
  };
}
