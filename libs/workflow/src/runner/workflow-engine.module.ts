import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service';
import { DeadlineService } from './deadline.service';
import { EffectRecorder } from './effect-recorder';
import { OutboxRelay } from './outbox-relay.service';
import { PhaseLockService } from './phase-lock.service';
import { WorkflowRunner } from './workflow-runner.service';

/** The runner and its collaborators, for the api (transitions) and the worker (relay, deadlines). */
@Global()
@Module({
  providers: [AuditLog, EffectRecorder, WorkflowRunner, OutboxRelay, DeadlineService, PhaseLockService],
  exports: [AuditLog, WorkflowRunner, OutboxRelay, DeadlineService, PhaseLockService],
})
export class WorkflowEngineModule {}
