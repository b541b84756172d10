/**
 * Waiting on the job queues instead of the clock. A test that asks "did the job run, and did it run only once?"
 * waits for that job (BullMQ QueueEvents) or for the queues to hold nothing runnable, then looks — never for a
 * fixed number of milliseconds, which is flaky on a slow machine and slow on a fast one.
 */
import { testConfig } from '@config';
import { JobQueue, QUEUE_NAMES, type QueueName } from '@lib/workflow';
import { Job, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { eventually } from './engine';

/**
 * Resolve once job `jobId` of `queue` has completed; reject when it failed for good or did not finish within
 * `timeoutMs`. Works whether the job finished before or after the call (BullMQ checks the job's state after
 * subscribing to the queue's events).
 */
export async function jobFinished(jobs: JobQueue, queue: QueueName, jobId: string, timeoutMs = 20_000): Promise<void> {
  const q = jobs.queue(queue);
  // QueueEvents blocks on its connection: it gets its own, with the retry setting BullMQ requires for that.
  const connection = new Redis(testConfig().redis.url, { maxRetriesPerRequest: null });
  const events = new QueueEvents(queue, { connection, prefix: q.opts.prefix, autorun: true });
  try {
    await events.waitUntilReady();
    const job = await Job.fromId(q, jobId);
    if (!job) {
      throw new Error(`no job ${jobId} in queue ${queue}`);
    }
    await job.waitUntilFinished(events, timeoutMs);
  } finally {
    await events.close();
    connection.disconnect();
  }
}

/**
 * Resolve once none of `names` holds a job that is waiting, running or delayed past its time: whatever was
 * enqueued has run (completed or failed for good). Recurring schedules whose next run is in the future do not count.
 */
export async function queuesIdle(
  jobs: JobQueue,
  names: readonly QueueName[] = QUEUE_NAMES,
  timeoutMs = 20_000,
): Promise<void> {
  await eventually(
    async () => {
      for (const name of names) {
        const q = jobs.queue(name);
        const counts = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
        if (Object.values(counts).some((n) => n > 0)) {
          return false;
        }
        const delayed = await q.getDelayed();
        if (delayed.some((j) => j.timestamp + j.delay <= Date.now())) {
          return false;
        }
      }
      return true;
    },
    timeoutMs,
    50,
  );
}
