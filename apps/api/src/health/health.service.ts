import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, pingDatabase } from '@lib/database';
import { MailStatusService, type MailStatus } from '@lib/reminders';
import { PRODUCER_REDIS } from '@lib/workflow';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

export interface DependencyCheck {
  name: 'mysql' | 'redis';
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  failing: string[];
  checks: DependencyCheck[];
  /** Information only: mail waits in MySQL while SMTP is down, so readiness never depends on it. */
  mail: MailStatus | null;
}

const TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PRODUCER_REDIS) private readonly redis: Redis,
    private readonly mail: MailStatusService,
  ) {}

  async readiness(): Promise<ReadinessReport> {
    const checks = await Promise.all([
      this.check('mysql', () => pingDatabase(this.ds.manager)),
      this.check('redis', () => this.redis.ping()),
    ]);
    const failing = checks.filter((c) => !c.ok).map((c) => c.name);
    // Not a check: a mail outage (or MySQL being down, which `checks` already says) leaves the api ready.
    // The endpoint is public: the SMTP error (host names, addresses) stays in the admin's mail log.
    const mail = await this.mail
      .status()
      .then((m) => ({ ...m, smtp: { ...m.smtp, error: null } }))
      .catch(() => null);
    return { status: failing.length === 0 ? 'ok' : 'unavailable', failing, checks, mail };
  }

  private async check(name: DependencyCheck['name'], probe: () => Promise<unknown>): Promise<DependencyCheck> {
    const start = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        probe(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ]);
      return { name, ok: true, latencyMs: Math.round(performance.now() - start) };
    } catch (error) {
      return { name, ok: false, latencyMs: Math.round(performance.now() - start), error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}
