import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { WorkflowRunner, clarificationRounds, type Actor } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { REFUSED, TaskErrors } from '../inbox/task.errors';
import { taskSubject } from '../inbox/task.queries';
import {
  clarificationById,
  clarificationsOfOrganisation,
  insertClarification,
  recordAnswer,
} from '../sheets/clarification.queries';
import { SheetAccess } from '../sheets/sheet-access.service';
import { leaves } from '@lib/criteria';
import { definitionOf, findCriteriaSetOfSheet } from '../criteria/criteria-set.queries';
import { loadDocuments } from '../evidence/evidence.queries';
import { loadEntries } from '../sheets/sheet.queries';
import { areaLeaves, lockAppraisable } from './appraisal-access';
import { clarificationView, type ClarificationSources } from './appraisal-view';
import type { AnswerClarificationDto, ClarificationView, RequestClarificationDto } from './dto/appraisal.dto';

/**
 * Clarification round trips (giải trình): the assignee asks the unit to explain chosen leaves by a due date
 * (task → awaitingClarification), the unit answers with text and documents (task back to review). Both move the
 * sheet's clarification state for the task's area in the same transaction.
 */
@Injectable()
export class ClarificationsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly access: SheetAccess,
  ) {}

  /** Ask the unit to explain chosen leaves by a due date (giải trình): task → awaitingClarification; the sheet records it. */
  async request(
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
        const task = await lockAppraisable(em, user, taskId);
        const leaves = await areaLeaves(em, task);
        const unknown = dto.criterionCodes.filter((c) => !leaves.has(c));
        if (unknown.length > 0) {
          throw TaskErrors.unknownLeaves(unknown);
        }
        if (new Date(dto.dueAt).getTime() <= now.getTime()) {
          throw TaskErrors.dueInPast();
        }
      },
      after: async (em, { row, result }) => {
        const round = clarificationRounds(result.snapshot);
        const task = await taskSubject(em, row.id);
        clarificationId = await insertClarification(em, {
          taskId: row.id,
          sheetId: task.sheetId,
          round,
          criterionCodes: [...new Set(dto.criterionCodes)],
          request: dto.request,
          dueAt: new Date(dto.dueAt),
          requestedBy: user.id,
        });
        await this.runner.transitionIn(em, {
          machineId: 'scoreSheet',
          id: task.sheetId,
          event: { type: 'clarification.requested', contentArea: task.contentArea },
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
  async ofUnit(user: SessionUser): Promise<ClarificationView[]> {
    const em = this.ds.manager;
    const found = await clarificationsOfOrganisation(em, user.organisationId, user.authorityId);
    const sources = new Map<number, ClarificationSources>();
    for (const sheetId of new Set(found.map((k) => k.sheet_id))) {
      sources.set(sheetId, await clarificationSources(em, sheetId));
    }
    return found.map((k) => clarificationView(k, sources.get(k.sheet_id)!));
  }

  /**
   * The unit answers with text and the documents that support it (uploaded for this clarification, or
   * already on the sheet, linked to a leaf under clarification): task back to review, sheet clarification
   * closed for that area. Open while the clarification's own due date has not passed (database clock).
   */
  async answer(
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
        await recordAnswer(em, k.id, { text: dto.answer, evidenceIds, by: user.id, at: now });
        const task = await taskSubject(em, k.task_id);
        await this.runner.transitionIn(em, {
          machineId: 'scoreSheet',
          id: k.sheet_id,
          event: { type: 'clarification.answered', contentArea: task.contentArea },
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

  private async clarification(em: EntityManager, id: number): Promise<ClarificationView> {
    const k = await clarificationById(em, id);
    return clarificationView(k, await clarificationSources(em, k.sheet_id));
  }
}

async function clarificationSources(em: EntityManager, sheetId: number): Promise<ClarificationSources> {
  const set = await findCriteriaSetOfSheet(em, sheetId);
  return {
    docs: await loadDocuments(em, sheetId),
    entries: await loadEntries(em, sheetId),
    titles: new Map(set ? leaves(definitionOf(set)).map((l) => [l.code, l.title]) : []),
  };
}
