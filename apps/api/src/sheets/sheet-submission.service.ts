import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { WorkflowRunner, assertWritable, selfAssessmentDeadline, type Actor } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { SheetAccess } from './sheet-access.service';
import { loadDocuments } from '../evidence/evidence.queries';
import { loadEntries } from './sheet.queries';
import { REFUSED_EXTENSION, SheetErrors } from './sheet.errors';
import { notApplicableOf } from '../criteria/not-applicable.queries';
import { submissionProblems } from './submission-check';
import type { DeadlineView } from './dto/sheet.dto';
import { selfAssessmentDeadlineGeneration, setSubmittedAt } from './sheet.queries';

/** Submission and per-unit extension: both are transitions of the `scoreSheet` machine through the runner. */
@Injectable()
export class SheetSubmissionService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: SheetAccess,
    private readonly runner: WorkflowRunner,
  ) {}

  /**
   * `sheet.submitted {at: database now}`. Scope, the phase gate and state are checked inside the runner's
   * transaction (its `before` hook), so a submission racing the deadline or an early close is judged by the
   * database clock; the machine's own guard refuses an `at` past the deadline in force too. A sheet with an
   * unscored leaf, or a leaf scored without usable evidence and without explanation, is refused (422) with every
   * problem listed — read under the row lock, so a save racing the submit cannot slip past the check.
   */
  async submit(user: SessionUser, sheetId: number, actor: Actor): Promise<void> {
    await this.access.findReadable(user, sheetId);
    await this.runner.transition({
      machineId: 'scoreSheet',
      id: sheetId,
      event: ({ now }) => ({ type: 'sheet.submitted', at: now.toISOString() }),
      actor,
      before: async (em) => {
        const { sheet } = await this.access.lockWritable(em, user, sheetId);
        const [entries, docs, notApplicable] = await Promise.all([
          loadEntries(em, sheetId),
          loadDocuments(em, sheetId),
          notApplicableOf(em, sheet.campaignId, sheet.unitId),
        ]);
        const problems = submissionProblems(sheet.set, entries, docs, new Set(notApplicable.keys()));
        if (problems.some((p) => p.blocking)) {
          throw SheetErrors.incomplete(problems);
        }
      },
      after: async (em, { now }) => {
        await setSubmittedAt(em, sheetId, now);
      },
    });
  }

  /**
   * Gia hạn for one unit: `extension.granted` with the next generation and the instant it is granted; the
   * machine re-schedules the sheet's deadline (a locked sheet goes back to draft). Admins of the sheet's
   * authority only, while the unit can still be appraised (the gate's `extension` window). An extension granted
   * after an early close reopens that one unit until its new deadline.
   */
  async extend(user: SessionUser, sheetId: number, dueAt: string, reason: string, actor: Actor): Promise<DeadlineView> {
    const sheet = await this.access.findReadable(user, sheetId);
    const stored = await selfAssessmentDeadlineGeneration(this.ds.manager, sheetId);
    const generation = Math.max(stored ?? 1, selfAssessmentDeadline(sheet.snapshot).generation) + 1;
    const instant = new Date(dueAt);
    await this.runner.transition({
      machineId: 'scoreSheet',
      id: sheetId,
      event: ({ now }) => ({
        type: 'extension.granted',
        dueAt: instant.toISOString(),
        generation,
        at: now.toISOString(),
      }),
      actor,
      auditData: { reason },
      before: async (em, { now }) => {
        await assertWritable(em, { writer: 'extension', campaignId: sheet.campaignId });
        if (instant.getTime() <= now.getTime()) {
          throw SheetErrors.extensionInPast();
        }
      },
      onRefused: REFUSED_EXTENSION,
    });
    return this.access.deadline(user, sheetId);
  }
}
