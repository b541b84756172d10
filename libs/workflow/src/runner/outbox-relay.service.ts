import { Inject, Injectable, Logger } from '@nestjs/common';
import { DATA_SOURCE, inTransaction } from '@lib/database';
import type { DataSource } from 'typeorm';
import { EFFECT_KINDS } from '../machines';
import { JobQueue } from '../queue';
import { claimPendingOutbox, markRelayed } from './outbox.queries';
import { OUTBOX_ROUTES } from './outbox-routes';

/**
 * Moves committed outbox rows to BullMQ. Rows are claimed with SKIP LOCKED so several workers relay in
 * parallel without taking the same row; the job id is the business key, so a row relayed twice (crash after
 * `add`, before the commit) becomes one job.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly jobs: JobQueue,
  ) {
    const missing = EFFECT_KINDS.filter((kind) => !(kind in OUTBOX_ROUTES));
    if (missing.length > 0) {
      throw new Error(`Outbox routes missing for effect kinds: ${missing.join(', ')}`);
    }
  }

  /** Relay everything pending, in batches; returns how many rows were relayed. */
  async relayPending(batchSize = 200): Promise<number> {
    let total = 0;
    for (;;) {
      const relayed = await inTransaction(this.ds, async (em) => {
        const batch = await claimPendingOutbox(em, batchSize);
        const now = Date.now();
        for (const row of batch) {
          const route = OUTBOX_ROUTES[row.kind];
          const job = route ? route(JSON.parse(row.payload) as Record<string, unknown>, row.business_key, now) : null;
          if (job) {
            await this.jobs.add(job.name, job.data, { jobId: job.jobId, delayMs: job.delayMs });
          }
        }
        if (batch.length > 0) {
          await markRelayed(
            em,
            batch.map((r) => r.id),
          );
        }
        return batch.length;
      });
      total += relayed;
      if (relayed < batchSize) {
        break;
      }
    }
    if (total > 0) {
      this.logger.debug(`relayed ${total} outbox rows`);
    }
    return total;
  }
}
