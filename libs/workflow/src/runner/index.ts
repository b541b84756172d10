export {
  AUDIT_ROW_INSERT,
  AuditLog,
  GENESIS_HASH,
  auditInsertParams,
  canonicalJson,
  verifyAuditChain,
  type Actor,
  type AuditInput,
  type AuditRecord,
  type AuditVerification,
} from './audit-log.service';
export { transitionStatements } from './instance.queries';
export { DeadlineService, type FireOutcome } from './deadline.service';
export { EffectRecorder } from './effect-recorder';
export { OUTBOX_ROUTES, deadlineJobId } from './outbox-routes';
export { OutboxRelay } from './outbox-relay.service';
export { PhaseLockService } from './phase-lock.service';
export { WorkflowEngineModule } from './workflow-engine.module';
export {
  WORKFLOW_TABLES,
  WorkflowRunner,
  type InstanceRow,
  type TransitionOutcome,
  type TransitionRequest,
  type WorkflowMachineId,
} from './workflow-runner.service';
export { concurrentUpdate, eventNotAccepted, type RefusedAction } from './workflow-errors';
