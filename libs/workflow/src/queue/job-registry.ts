/**
 * The one queue and job registry. Producers (api, outbox relay) and handlers (worker) share these names and
 * payload types; the worker refuses to start when a job here has no handler or two handlers.
 * Payloads carry ids, never documents or personal data (BullMQ stores job data in clear text).
 */
export const QUEUE_NAMES = ['outbox', 'routing', 'deadlines', 'reminders', 'mail', 'reports'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * Queues the worker process does not consume. `reports` jobs build documents from the consolidation and the
 * publications, whose code lives in apps/api (apps never import each other): they run in the reports process
 * (apps/api/src/reports/reports-worker.ts, `npm run start:reports`), an api build without HTTP.
 */
export const REPORT_QUEUES: readonly QueueName[] = ['reports'];
export const WORKER_QUEUES: readonly QueueName[] = QUEUE_NAMES.filter((q) => !REPORT_QUEUES.includes(q));

export interface JobPayloads {
  /** Move committed outbox rows to their queues (scheduled, and kicked after each transition). */
  'outbox.relay': Record<string, never>;
  /** Re-create missing deadline jobs from MySQL and fire overdue ones (scheduled, and run at worker start). */
  'deadlines.reconcile': Record<string, never>;
  /** A deadline instant has been reached: deliver `phase.deadlineReached` to the instance. */
  'deadlines.fire': { deadlineId: number; generation: number };
  /** Self-assessment was closed early: lock every draft sheet the phase gate now holds closed. */
  'deadlines.phaseClosed': { campaignId: number; phase: 'selfAssessment' };
  /** A sheet was submitted: create its appraisal tasks (one per content area) and start its appraisal. */
  'routing.sheetSubmitted': { sheetId: number };
  /** A clarification's deadline passed unanswered: close it on the sheet and mark it expired. */
  'routing.clarificationExpired': { taskId: number; round: number };
  /** Look for each campaign's due reminder slot and re-enqueue stuck mail (scheduled). */
  'reminders.tick': Record<string, never>;
  /** Build the digests of one sending slot of one campaign (idempotent by `reminder_runs (campaign, slot)`). */
  'reminders.compute': { campaignId: number; slotAt: string };
  /** An appraiser asked a unit for a clarification: notify its unit officers (in-app + mail), idempotently. */
  'reminders.clarificationRequested': { taskId: number; round: number };
  /** Hand one `mail_messages` row to SMTP (idempotent by the row's status and lease). */
  'mail.send': { messageId: number };
  /** A reminder slot's digests, up to MAIL_BATCH of them: claimed and sent together (see MailSender.sendBatch). */
  'mail.sendBatch': { messageIds: number[] };
  /** One slow retry of a mail whose fast retries ran out (SMTP down for long); a failure plans the next one. */
  'mail.retry': { messageId: number };
  /** Build one requested report file (`report_jobs` row): idempotent by the row's state, progress kept in MySQL. */
  'reports.build': { reportJobId: number };
  /**
   * Re-check stored evidence signatures (`evidence_recheck_runs` row) under the current trust configuration, in
   * batches: idempotent by the files' verdict keys and check times, progress kept in MySQL.
   */
  'evidence.recheck': { runId: number };
  /** Remove finished report files past REPORT_RETENTION_DAYS and mark their jobs expired (scheduled). */
  'reports.sweep': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export interface JobSpec {
  queue: QueueName;
  /** Attempts before the job lands in the failed set (the dead-letter view). */
  attempts: number;
  /** Base delay of the exponential backoff, in milliseconds (jitter is added). */
  backoffMs: number;
  /** How long a completed job stays visible (seconds); 0 removes it at once (frequent, content-free jobs). */
  keepCompletedSeconds: number;
}

export const JOBS: { readonly [K in JobName]: JobSpec } = {
  'outbox.relay': { queue: 'outbox', attempts: 5, backoffMs: 500, keepCompletedSeconds: 0 },
  'deadlines.reconcile': { queue: 'deadlines', attempts: 3, backoffMs: 1000, keepCompletedSeconds: 0 },
  // Kept a week: while the completed job exists, re-adding the same generation is deduplicated by BullMQ.
  'deadlines.fire': { queue: 'deadlines', attempts: 10, backoffMs: 1000, keepCompletedSeconds: 7 * 24 * 3600 },
  // Idempotent: a sheet already locked (or extended after the close) is left as it is.
  'deadlines.phaseClosed': { queue: 'deadlines', attempts: 10, backoffMs: 1000, keepCompletedSeconds: 24 * 3600 },
  // Idempotent by UNIQUE(sheet_id, content_area); kept a day so a re-relayed row is also deduplicated by BullMQ.
  'routing.sheetSubmitted': { queue: 'routing', attempts: 10, backoffMs: 1000, keepCompletedSeconds: 24 * 3600 },
  'routing.clarificationExpired': { queue: 'routing', attempts: 10, backoffMs: 1000, keepCompletedSeconds: 24 * 3600 },
  'reminders.tick': { queue: 'reminders', attempts: 3, backoffMs: 1000, keepCompletedSeconds: 0 },
  'reminders.compute': { queue: 'reminders', attempts: 8, backoffMs: 1000, keepCompletedSeconds: 24 * 3600 },
  // Idempotent by (clarification, officer) keys on notifications and mail_messages.
  'reminders.clarificationRequested': {
    queue: 'reminders',
    attempts: 8,
    backoffMs: 1000,
    keepCompletedSeconds: 24 * 3600,
  },
  // SMTP: exponential backoff with jitter (1 s, 2 s, 4 s … about 4 min in all; MAIL_FAST_* override it), then
  // slow retries ('mail.retry', every MAIL_SLOW_RETRY_EVERY_MS for MAIL_RETRY_FOR_MS), then the dead-letter view.
  'mail.send': { queue: 'mail', attempts: 9, backoffMs: 1000, keepCompletedSeconds: 24 * 3600 },
  // Idempotent by the rows' status and leases; a message SMTP refuses continues as its own 'mail.send' job.
  'mail.sendBatch': { queue: 'mail', attempts: 5, backoffMs: 1000, keepCompletedSeconds: 0 },
  // One attempt per job: the sender itself adds the next slow retry while the mail is still within its window.
  'mail.retry': { queue: 'mail', attempts: 1, backoffMs: 1000, keepCompletedSeconds: 0 },
  // A finished row is not built again; a failure retries twice (the store or MySQL briefly away), then the row says
  // in Vietnamese what to do. Kept a day so a re-add for the same row is deduplicated by BullMQ.
  'reports.build': { queue: 'reports', attempts: 3, backoffMs: 2000, keepCompletedSeconds: 24 * 3600 },
  // In the reports process (the api's PDF checks and evidence storage live there); a retry resumes with the files
  // not yet checked. Kept a day so a re-add for the same run is deduplicated by BullMQ.
  'evidence.recheck': { queue: 'reports', attempts: 3, backoffMs: 2000, keepCompletedSeconds: 24 * 3600 },
  // Idempotent (a removed file is removed again without error, an expired row is left alone).
  'reports.sweep': { queue: 'reports', attempts: 3, backoffMs: 5000, keepCompletedSeconds: 0 },
};

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.prototype.hasOwnProperty.call(JOBS, name);
}

/**
 * A deterministic BullMQ job id from business-key parts. BullMQ rejects ids containing ':' and treats
 * all-digit ids as its own, so parts are joined with '-' and ':' is replaced.
 */
export function jobId(...parts: Array<string | number>): string {
  const id = parts.map((p) => String(p).replace(/:/g, '_')).join('-');
  return /^\d+$/.test(id) ? `j-${id}` : id;
}
