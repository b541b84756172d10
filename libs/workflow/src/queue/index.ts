export { JobHandler } from './job-handler.decorator';
export { JobQueue } from './job-queue.service';
export {
  JOBS,
  JOB_NAMES,
  QUEUE_NAMES,
  REPORT_QUEUES,
  WORKER_QUEUES,
  isJobName,
  jobId,
  type JobName,
  type JobPayloads,
  type JobSpec,
  type QueueName,
} from './job-registry';
export { QueueModule } from './queue.module';
export { createRedis, deleteQueueKeys } from './redis';
export { CONSUMED_QUEUES, PRODUCER_REDIS, WORKER_REDIS } from './tokens';
export { JobRegistryError, WorkerRunner, assertHandlersCoverRegistry } from './worker-runner.service';
