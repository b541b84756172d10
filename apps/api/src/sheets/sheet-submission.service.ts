import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import {
  AppError,
  WorkflowRunner,
  dbNow,
  phaseClosedError,
  rows,
  selfAssessmentDeadline,
  write,
  type Actor,
} from '@lib/workflow';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { SheetAccess } from './sheet-access.service';
import { deadlineOf } from './sheet-view';
import type { DeadlineView } from './dto/sheet.dto';

/** Submission and per-unit extension: both are transitions of the `scoreSheet` machine through the runner. */
@Injectable()
export class SheetSubmissionService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: SheetAccess,
    private readonly runner: WorkflowRunner,
  ) {}

  /**
   * `sheet.submitted {at: database now}`. Scope, stage lock and state are checked inside the runner's
   * transaction (its `before` hook), so a submission racing the deadline is judged by the database clock;
   * the machine's own guard refuses an `at` past the deadline in force too.
   */
  async submit(user: SessionUser, sheetId: number, actor: Actor): Promise<void> {
    const sheet = await this.access.findReadable(user, sheetId);
    const deadline = selfAssessmentDeadline(sheet.snapshot);
    await this.runner.transition({
      machineId: 'scoreSheet',
      id: sheetId,
      event: ({ now }) => ({ type: 'sheet.submitted', at: now.toISOString() }),
      actor,
      before: async (em) => {
        await this.access.lockWritable(em, user, sheetId);
      },
      after: async (em, { now }) => {
        await write(em, 'UPDATE score_sheets SET submitted_at = ? WHERE id = ?', [now, sheetId]);
      },
      onRefused: phaseClosedError('selfAssessment', new Date(deadline.dueAt), sheet.timezone),
    });
  }

  /**
   * Gia hạn for one unit: `extension.granted` with the next generation; the machine re-schedules the sheet's
   * deadline (a locked sheet goes back to draft). Admins of the sheet's authority only.
   */
  async extend(user: SessionUser, sheetId: number, dueAt: string, reason: string, actor: Actor): Promise<DeadlineView> {
    const sheet = await this.access.findReadable(user, sheetId);
    const [row] = await rows<{ generation: number }>(
      this.ds.manager,
      "SELECT generation FROM deadlines WHERE subject_type = 'scoreSheet' AND subject_id = ? AND phase = 'selfAssessment'",
      [sheetId],
    );
    const generation = Math.max(row?.generation ?? 1, selfAssessmentDeadline(sheet.snapshot).generation) + 1;
    const instant = new Date(dueAt);
    await this.runner.transition({
      machineId: 'scoreSheet',
      id: sheetId,
      event: { type: 'extension.granted', dueAt: instant.toISOString(), generation },
      actor,
      auditData: { reason },
      before: (_em, { now }) => {
        if (instant.getTime() <= now.getTime()) {
          throw new AppError(
            'invalid',
            'EXTENSION_IN_PAST',
            'Hạn gia hạn phải sau thời điểm hiện tại.',
            'The extended deadline must be in the future.',
          );
        }
        return Promise.resolve();
      },
      onRefused: new AppError(
        'conflict',
        'EXTENSION_REFUSED',
        `Không thể gia hạn: biểu đang ở trạng thái "${sheet.state}" hoặc hạn mới không sau hạn của đợt đánh giá.`,
        `Cannot extend: the sheet is "${sheet.state}" or the new deadline is not after the campaign's.`,
      ),
    });
    const updated = await this.access.findReadable(user, sheetId);
    return deadlineOf(updated.snapshot, await dbNow(this.ds.manager));
  }
}
