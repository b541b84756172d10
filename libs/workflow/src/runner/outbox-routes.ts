import type { JobName, JobPayloads } from '../queue';
import { jobId } from '../queue';

/** A relayed outbox row: the job it becomes. */
export interface RoutedJob<K extends JobName = JobName> {
  name: K;
  data: JobPayloads[K];
  jobId: string;
  delayMs?: number;
}

/**
 * Where each effect kind goes once committed — the one table of subscribers. `null` means the fact is kept
 * in the outbox (and the audit log) but no job consumes it yet; every kind a machine can emit must be here.
 */
export const OUTBOX_ROUTES: Record<
  string,
  ((payload: Record<string, unknown>, key: string, now: number) => RoutedJob | null) | null
> = {
  'deadline.schedule': (payload, _key, now) => {
    const deadlineId = Number(payload.deadlineId);
    const generation = Number(payload.generation);
    return {
      name: 'deadlines.fire',
      data: { deadlineId, generation },
      jobId: deadlineJobId(deadlineId, generation),
      delayMs: Math.max(0, Date.parse(String(payload.dueAt)) - now),
    };
  },
  // A campaign phase closed early: draft sheets follow at once (the gate already refuses their writes; this
  // makes their state, their views and their reminders agree). Deadline locks reach each sheet through the
  // sheet's own deadline job, and a sheet's own lock is a fact nobody consumes.
  'phase.locked': (payload) =>
    payload.sheetId === undefined && payload.reason === 'closedManually' && payload.phase === 'selfAssessment'
      ? {
          name: 'deadlines.phaseClosed',
          data: { campaignId: Number(payload.campaignId), phase: 'selfAssessment' },
          jobId: jobId('phase-closed', Number(payload.campaignId), 'selfAssessment'),
        }
      : null,
  'phase.overdue': null,
  'sheet.submitted': (payload) => {
    const sheetId = Number(payload.sheetId);
    return { name: 'routing.sheetSubmitted', data: { sheetId }, jobId: jobId('route-sheet', sheetId) };
  },
  // The unit is told at once: an in-app notification and a mail per unit officer (idempotent per officer).
  'clarification.requested': (payload) => {
    const taskId = Number(payload.taskId);
    const round = Number(payload.round);
    return {
      name: 'reminders.clarificationRequested',
      data: { taskId, round },
      jobId: jobId('clarification-requested', taskId, `r${round}`),
    };
  },
  'clarification.expired': (payload) => {
    const taskId = Number(payload.taskId);
    const round = Number(payload.round);
    return {
      name: 'routing.clarificationExpired',
      data: { taskId, round },
      jobId: jobId('clarification-expired', taskId, `r${round}`),
    };
  },
  'task.assigned': null,
  'task.completed': null,
  'task.reopened': null,
  'campaign.published': null,
};

/** One job per deadline generation: re-adding the same generation is a no-op while the job exists. */
export function deadlineJobId(deadlineId: number, generation: number): string {
  return jobId('deadline', deadlineId, `g${generation}`);
}
