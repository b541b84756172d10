import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG, DATA_SOURCE } from '@lib/database';
import { JobQueue } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { mailCounts, type MailCounts } from './mail.queries';
import { createMailTransport } from './mail-transport';

export interface SmtpState {
  /** `ok`: the server greeted us; `down`: it did not (the error says why). */
  state: 'ok' | 'down';
  checkedAt: string;
  error: string | null;
}

export interface MailQueueDepth {
  waiting: number;
  delayed: number;
  active: number;
  failed: number;
}

export interface MailStatus {
  smtp: SmtpState;
  /** The `mail` queue in Redis; null while Redis does not answer. */
  queue: MailQueueDepth | null;
  /** Messages in MySQL (the truth): waiting for their first try, retrying after a failure, given up. */
  messages: MailCounts;
}

const PROBE_TIMEOUT_MS = 3000;
/** Health checks poll every few seconds; the SMTP server sees at most one connection per this many ms. */
const PROBE_CACHE_MS = 15_000;

/**
 * What an operator needs to see during a mail outage: whether SMTP answers, how much waits in the queue and how
 * much is retrying or failed. Information only — the api stays ready while mail is down (the mails wait).
 */
@Injectable()
export class MailStatusService {
  private probe: { at: number; result: Promise<SmtpState> } | undefined;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  /** `authorityId`: count only that authority's mail (its campaigns', or addressed to its people). */
  async status(authorityId?: number): Promise<MailStatus> {
    const [smtp, queue, messages] = await Promise.all([
      this.smtp(),
      this.queueDepth(),
      mailCounts(this.ds.manager, authorityId),
    ]);
    return { smtp, queue, messages };
  }

  smtp(): Promise<SmtpState> {
    if (!this.probe || Date.now() - this.probe.at > PROBE_CACHE_MS) {
      this.probe = { at: Date.now(), result: this.verify() };
    }
    return this.probe.result;
  }

  private async verify(): Promise<SmtpState> {
    const transport = createMailTransport(this.config, { pool: false, timeoutMs: PROBE_TIMEOUT_MS });
    try {
      await transport.verify();
      return { state: 'ok', checkedAt: new Date().toISOString(), error: null };
    } catch (error) {
      return { state: 'down', checkedAt: new Date().toISOString(), error: String((error as Error).message ?? error) };
    } finally {
      transport.close();
    }
  }

  private async queueDepth(): Promise<MailQueueDepth | null> {
    try {
      const counts = await this.jobs.queue('mail').getJobCounts('waiting', 'delayed', 'active', 'failed');
      return {
        waiting: counts.waiting ?? 0,
        delayed: counts.delayed ?? 0,
        active: counts.active ?? 0,
        failed: counts.failed ?? 0,
      };
    } catch {
      return null;
    }
  }
}
