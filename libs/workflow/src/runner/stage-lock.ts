import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { AppError } from '../errors';
import { rows } from './sql';

/** Vietnamese and English names of the phases that close by deadline. */
export const PHASE_NAMES: Record<string, { vi: string; en: string }> = {
  selfAssessment: { vi: 'tự đánh giá, chấm điểm', en: 'self-assessment' },
  appraisal: { vi: 'thẩm định, tổng hợp', en: 'appraisal and consolidation' },
  councilReview: { vi: 'Hội đồng thẩm định', en: 'council review' },
  approval: { vi: 'phê duyệt, công bố', en: 'approval and publication' },
  clarification: { vi: 'giải trình', en: 'clarification' },
};

export interface PhaseWindow {
  campaignId: number;
  phase: string;
  /** A unit's own deadline row (an extension) takes precedence over the campaign's. */
  subject?: { type: string; id: number };
  /** For the message: the campaign's time zone. */
  timezone: string;
}

/**
 * Refuses a write when its phase has closed, judged by the database clock inside the caller's transaction
 * (never by the UI, never by whether the lock job ran on time). The deadline is exclusive: a write at the
 * deadline instant or later is refused. The row is read with a shared lock so an extension committed
 * concurrently is either seen or waits for this write.
 */
export async function assertPhaseOpen(em: EntityManager, window: PhaseWindow): Promise<void> {
  const found = await rows<{ due_at: Date; closed: number; subject_type: string }>(
    em,
    `SELECT due_at, due_at <= UTC_TIMESTAMP(6) AS closed, subject_type
       FROM deadlines
      WHERE campaign_id = ? AND phase = ?
        AND ((subject_type = 'campaign' AND subject_id = ?) OR (subject_type = ? AND subject_id = ?))
      LOCK IN SHARE MODE`,
    [window.campaignId, window.phase, window.campaignId, window.subject?.type ?? '-', window.subject?.id ?? 0],
  );
  const own = found.find((r) => r.subject_type !== 'campaign');
  const effective = own ?? found.find((r) => r.subject_type === 'campaign');
  if (effective && Number(effective.closed) === 1) {
    throw phaseClosedError(window.phase, effective.due_at, window.timezone);
  }
}

export function phaseClosedError(phase: string, dueAt: Date, timezone: string): AppError {
  const name = PHASE_NAMES[phase] ?? { vi: phase, en: phase };
  const local = DateTime.fromJSDate(dueAt, { zone: timezone });
  return new AppError(
    'locked',
    'PHASE_CLOSED',
    `Giai đoạn ${name.vi} đã kết thúc lúc ${local.toFormat('HH:mm')} ngày ${local.toFormat('dd/MM/yyyy')} (${timezone}); không thể ghi thêm.`,
    `The ${name.en} phase closed at ${local.toFormat('yyyy-MM-dd HH:mm')} (${timezone}); no more changes are accepted.`,
    { phase, closedAt: dueAt.toISOString() },
  );
}
