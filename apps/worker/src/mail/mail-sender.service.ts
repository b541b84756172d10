import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG, DATA_SOURCE } from '@lib/database';
import { JobQueue, jobId } from '@lib/workflow';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { createMailTransport } from '@lib/reminders';
import {
  claimMessage,
  loadMessage,
  claimMessages,
  markSentMany,
  messageAttempts,
  messageStatus,
  recordSendFailure,
  stuckMessages,
  withinRetryWindow,
  type MessageRow,
} from './mail-sender.queries';
import { GroupCommit, Slots } from './batching';

/** `slowRetry`: SMTP did not take it and the fast retries are spent; a delayed `mail.retry` job tries again. */
export type SendOutcome = 'sent' | 'alreadyDone' | 'slowRetry';

export interface BatchOutcome {
  sent: number;
  /** SMTP did not take it: handed to its own `mail.send` job (or a slow retry). */
  retrying: number;
  /** Refused permanently (5xx), or accepted but not recorded. */
  failed: number;
  /** Already done, or under another sender's live claim. */
  skipped: number;
}

type SentCommit = { messageId: number; token: string; response: string };

/** Rows claimed per UPDATE in a batch. */
const CLAIM_CHUNK = 10;
/**
 * Claimed-but-unanswered messages per process (10 per pooled SMTP connection): however many jobs run at once,
 * nothing claimed waits in the transport's queue long enough to outlive its lease.
 */
const MAX_IN_FLIGHT = 50;

/** Thrown when another sender holds a live claim on the message: retried later with backoff. */
export class MessageBusyError extends Error {}

/**
 * Hands one `mail_messages` row to SMTP, at most once per claim:
 *
 * 1. claim — one conditional UPDATE: `pending` (or `sending` whose lease has expired) → `sending`, attempts+1,
 *    a fresh claim token and a lease. Zero rows: the message is sent/failed (done) or someone else holds a live
 *    claim (retry later). Two workers, a duplicate job or a re-run after a stall cannot both pass this line.
 * 2. SMTP — nodemailer, with the deterministic Message-ID; every SMTP timeout is below the lease.
 * 3. commit — `sent`, immediately after the 250 reply, as an autocommit UPDATE guarded by the token (grouped with
 *    the other 250s that arrived while the previous commit ran: one UPDATE for many, never a wait for more).
 *
 * SMTP down / rejected: no 250, the row goes back to `pending` with the error — nothing was delivered, so nothing
 * is duplicated. After the fast retries (MAIL_FAST_ATTEMPTS) it stays `pending` and is tried again every
 * MAIL_SLOW_RETRY_EVERY_MS (a `mail.retry` job, one attempt each) until MAIL_RETRY_FOR_MS after its first failure:
 * an SMTP outage of hours delays a reminder slot but does not lose it. Only then, or on a permanent 5xx, `failed`. The ONE duplicate window is
 * a crash (or a lost database) after the server's 250 and before step 3 commits: the lease expires and the
 * message is sent again — at most one duplicate, with the same Message-ID so clients can fold it. SMTP has no
 * idempotency, so this window cannot be closed, only kept short: nothing but the UPDATE runs in it.
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transport: Transporter | undefined;
  private readonly inFlight = new Slots(MAX_IN_FLIGHT);
  private readonly sentCommits = new GroupCommit<SentCommit>((sent) => this.flushSent(sent));

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  private smtp(): Transporter {
    this.transport ??= createMailTransport(this.config);
    return this.transport;
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  async send(messageId: number, job?: Pick<Job, 'attemptsMade' | 'opts'>): Promise<SendOutcome> {
    await this.inFlight.take(1);
    try {
      const token = randomUUID();
      if (!(await claimMessage(this.ds.manager, messageId, token, this.config.mail.sendLeaseMs * 1000))) {
        const status = await messageStatus(this.ds.manager, messageId);
        if (!status || status === 'sent' || status === 'failed') {
          return 'alreadyDone';
        }
        throw new MessageBusyError(`mail ${messageId} is ${status} under another claim; retrying later`);
      }
      return await this.deliver(await loadMessage(this.ds.manager, messageId), token, job);
    } finally {
      this.inFlight.give(1);
    }
  }

  /**
   * A slot's digests, many at once (`mail.sendBatch`): claimed CLAIM_CHUNK at a time in one UPDATE + one SELECT,
   * handed to the pooled transport together, `sent` group-committed. Rows already done or under another live claim
   * are skipped. A message SMTP did not take goes on as its own `mail.send` job (fast retries with backoff, then
   * slow ones), exactly as if it had been sent alone. Idempotent: a re-run claims only what is still claimable.
   */
  async sendBatch(messageIds: number[]): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
    const work: Array<Promise<void>> = [];
    try {
      for (let i = 0; i < messageIds.length; i += CLAIM_CHUNK) {
        const chunk = messageIds.slice(i, i + CLAIM_CHUNK);
        await this.inFlight.take(chunk.length);
        const token = randomUUID();
        let claimed: MessageRow[] = [];
        try {
          claimed = await claimMessages(this.ds.manager, chunk, token, this.config.mail.sendLeaseMs * 1000);
        } finally {
          // Slots of rows not claimed (done, or someone else's) go back at once; each claimed row frees its own.
          this.inFlight.give(chunk.length - claimed.length);
        }
        outcome.skipped += chunk.length - claimed.length;
        for (const message of claimed) {
          work.push(
            this.deliverInBatch(message, token)
              .then((result) => void outcome[result]++)
              .finally(() => this.inFlight.give(1)),
          );
        }
      }
    } finally {
      // Even when a claim failed (the job is retried): what was claimed is sent and recorded first.
      await Promise.allSettled(work);
    }
    return outcome;
  }

  private async deliverInBatch(message: MessageRow, token: string): Promise<'sent' | 'retrying' | 'failed'> {
    try {
      const result = await this.deliver(message, token);
      return result === 'sent' ? 'sent' : 'retrying';
    } catch (error) {
      if (error instanceof UnrecoverableError) {
        return 'failed';
      }
      // A fast retry was planned (the row is `pending` again): the message's own job carries it from here.
      const spec = this.jobs.spec('mail.send');
      try {
        await this.jobs.add(
          'mail.send',
          { messageId: message.id },
          { jobId: jobId('mail', message.id, `b${message.attempts}`), delayMs: spec.backoffMs },
        );
      } catch (addError) {
        // Never rejects (the batch awaits its sends only at the end): the row is `pending` with its next attempt
        // time, so the reminder tick's sweep of stuck mail enqueues it again.
        this.logger.warn(`mail ${message.id}: retry not enqueued (${(addError as Error).message}); the sweep will`);
      }
      return 'retrying';
    }
  }

  /** SMTP, then the `sent` commit, for a message this sender holds the claim (`token`) on. */
  private async deliver(
    message: MessageRow,
    token: string,
    job?: Pick<Job, 'attemptsMade' | 'opts'>,
  ): Promise<SendOutcome> {
    let response: string;
    try {
      const info = (await this.smtp().sendMail({
        from: this.config.mail.from,
        to: message.to_address,
        subject: message.subject,
        text: message.text_body,
        html: message.html_body,
        messageId: message.message_id,
        headers: { 'X-PAR-Digest': String(message.id) },
        attachments: message.ics
          ? [
              {
                filename: 'han-chot.ics',
                content: message.ics,
                contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
              },
            ]
          : [],
      })) as { response?: string };
      response = String(info.response ?? '250');
    } catch (error) {
      // Throws (BullMQ retries with backoff, or gives up) unless a slow retry was planned.
      return this.recordFailure(message.id, token, error, job);
    }
    // ---- duplicate window opens: the server has accepted the message; commit `sent` before anything else ----
    try {
      await this.sentCommits.add({ messageId: message.id, token, response });
    } catch {
      this.logger.error(`mail ${message.id} accepted by SMTP but not recorded as sent`);
      throw new UnrecoverableError(`mail ${message.id} accepted by SMTP but not recorded as sent`);
    }
    // ---- duplicate window closed ----
    return 'sent';
  }

  /**
   * One group commit of `sent`: every 250 that arrived while the previous commit ran, in one UPDATE. The duplicate
   * window stays at most two commits long; a database blink is retried within the lease rather than let the
   * messages go again.
   */
  private async flushSent(sent: SentCommit[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await markSentMany(this.ds.manager, sent);
        return;
      } catch (error) {
        if (attempt >= 5) {
          this.logger.error(`${sent.length} mail(s) not recorded as sent: ${(error as Error).message}`);
          throw error;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  private async recordFailure(
    messageId: number,
    token: string,
    error: unknown,
    job?: Pick<Job, 'attemptsMade' | 'opts'>,
  ): Promise<'slowRetry'> {
    const code = (error as { responseCode?: number }).responseCode;
    const permanent = typeof code === 'number' && code >= 500;
    const spec = this.jobs.spec('mail.send');
    const attemptsMade = job?.attemptsMade ?? 0;
    // This job has no attempt left: a fast retry's last one, or a slow retry (one attempt each).
    const jobSpent = attemptsMade + 1 >= (job?.opts.attempts ?? spec.attempts);
    // We hold the claim, so nobody else writes the row between this read and the UPDATE below.
    const within = await withinRetryWindow(this.ds.manager, messageId, token, this.config.mail.retryForMs * 1000);
    const slow = jobSpent && !permanent && within;
    const final = permanent || (jobSpent && !slow);
    const retryInMs = slow ? this.config.mail.slowRetryEveryMs : spec.backoffMs * 2 ** attemptsMade;
    await recordSendFailure(this.ds.manager, {
      messageId,
      token,
      final,
      error: String((error as Error).message ?? error),
      retryForUs: this.config.mail.retryForMs * 1000,
      retryInUs: retryInMs * 1000,
    });
    const attempts = await messageAttempts(this.ds.manager, messageId);
    if (slow) {
      // The next slow retry. If this add is lost (Redis down or flushed), the reminder tick finds the row
      // past its next_attempt_at (MailSender.stuck) and enqueues it again.
      await this.jobs.add(
        'mail.retry',
        { messageId },
        { jobId: jobId('mail', messageId, `s${attempts ?? 0}`), delayMs: retryInMs },
      );
    }
    this.logger.warn(
      `mail ${messageId} ${final ? 'failed' : slow ? `will be retried in ${retryInMs} ms (slow)` : 'will be retried'}: ` +
        `${(error as Error).message}`,
    );
    if (permanent) {
      throw new UnrecoverableError(`SMTP refused mail ${messageId} permanently: ${(error as Error).message}`);
    }
    if (!slow) {
      throw error;
    }
    // This job is done: the next try is the delayed `mail.retry` just added (no failed job per slow retry in Redis).
    return 'slowRetry';
  }

  /**
   * Liveness, not safety: re-enqueue messages whose job was lost (Redis flushed, job failed on a busy claim,
   * worker killed and its job not yet detected as stalled): `pending` past their retry time, or `sending` with
   * an expired lease. The claim in `send` keeps the extra job harmless.
   */
  async stuck(limit = 1000): Promise<Array<{ id: number; attempts: number }>> {
    const graceUs = this.config.mail.sendLeaseMs * 1000;
    return stuckMessages(this.ds.manager, graceUs, limit);
  }
}
