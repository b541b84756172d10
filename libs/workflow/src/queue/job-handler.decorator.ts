import { SetMetadata } from '@nestjs/common';
import type { JobName } from './job-registry';

export const JOB_HANDLER = Symbol('par-index:job-handler');

/**
 * Marks a provider method as the handler of a registered job. The handler receives the typed payload and the
 * BullMQ job; it must be idempotent (delivery is at least once).
 */
export const JobHandler = (name: JobName): MethodDecorator => SetMetadata(JOB_HANDLER, name);
