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
  markSent,
  messageAttempts,
  messageStatus,
  recordSendFailure,
  stuckMessages,
  withinRetryWindow,
} from './mail-sender.queries';

/** `slowRetry`: SMTP did not take it and the fast retries are spent; a delayed `mail.retry` job tries again. */
export type SendOutcome = 'sent' | 'alreadyDone' | 'slowRetry';

/** Thrown when another sender holds a live claim on the message: retried later with backoff. */
export class MessageBusyError extends Error {}

/**
 * Hands one `mail_messages` row to SMTP, at most once per claim:
 *
 * 1. claim — one conditional UPDATE: `pending` (or `sending` whose lease has expired) → `sending`, attempts+1,
 *    a fresh claim token and a lease. Zero rows: the message is sent/failed (done) or someone else holds a live
 *    claim (retry later). Two workers, a duplicate job or a re-run after a stall cannot both pass this line.
 * 2. SMTP — nodemailer, with the deterministic Message-ID; every SMTP timeout is below the lease.
 * 3. commit — `sent`, immediately after the 250 reply, as a single autocommit UPDATE guarded by the token.
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
    const token = randomUUID();
    if (!(await claimMessage(this.ds.manager, messageId, token, this.config.mail.sendLeaseMs * 1000))) {
      const status = await messageStatus(this.ds.manager, messageId);
      if (!status || status === 'sent' || status === 'failed') {
        return 'alreadyDone';
      }
      throw new MessageBusyError(`mail ${messageId} is ${status} under another claim; retrying later`);
    }
    const message = await loadMessage(this.ds.manager, messageId);
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
      return this.recordFailure(messageId, token, error, job);
    }
    // ---- duplicate window opens: the server has accepted the message; commit `sent` before anything else ----
    await this.commitSent(messageId, token, response);
    // ---- duplicate window closed ----
    return 'sent';
  }

  private async commitSent(messageId: number, token: string, response: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await markSent(this.ds.manager, messageId, token, response);
        return;
      } catch (error) {
        // The database blinked right after the 250: retry within the lease rather than let the message go again.
        if (attempt >= 5) {
          this.logger.error(`mail ${messageId} accepted by SMTP but not recorded as sent: ${(error as Error).message}`);
          throw new UnrecoverableError(`mail ${messageId} accepted by SMTP but not recorded as sent`);
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
