import { Inject, Injectable, Logger } from '@nestjs/common';
import { DATA_SOURCE, rows, write } from '@lib/database';
import type { DataSource } from 'typeorm';
import { EFFECT_KINDS } from '../machines';
import { JobQueue } from '../queue';
import { OUTBOX_ROUTES } from './outbox-routes';

interface PendingRow {
  id: number;
  kind: string;
  business_key: string;
  payload: string;
}

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
      const relayed = await this.ds.transaction(async (em) => {
        const batch = await rows<PendingRow>(
          em,
          'SELECT id, kind, business_key, payload FROM outbox WHERE relayed_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED',
          [batchSize],
        );
        const now = Date.now();
        for (const row of batch) {
          const route = OUTBOX_ROUTES[row.kind];
          const job = route ? route(JSON.parse(row.payload) as Record<string, unknown>, row.business_key, now) : null;
          if (job) {
            await this.jobs.add(job.name, job.data, { jobId: job.jobId, delayMs: job.delayMs });
          }
        }
        if (batch.length > 0) {
          await write(
            em,
            `UPDATE outbox SET relayed_at = UTC_TIMESTAMP(6), attempts = attempts + 1 WHERE id IN (${batch.map(() => '?').join(',')})`,
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
