/**
 * Pure workflow machines (no I/O): campaign, scoreSheet, appraisalTask, their versioned registry and the
 * pure stepping functions. Contract for the runner:
 * - `startInstance(id, input)` / `stepInstance(id, version, persisted, event)` return a {@link StepResult};
 *   persist `snapshot` with `machine.{id,version}` only when `changed`, and write one outbox row per effect
 *   (`effect.key` is the stable business key).
 * - Deadlines are never XState `after`: a `deadline.schedule` effect asks for `payload.event` to be sent
 *   back at `payload.dueAt`; stale or duplicate deadline events come back as `changed: false`.
 */
export {
  appraisalTaskMachine,
  canClaim,
  clarificationRounds,
  type AppraisalTaskContext,
  type AppraisalTaskEvent,
  type AppraisalTaskInput,
  type TaskClarification,
} from './appraisal-task.machine';
export {
  campaignApprovals,
  campaignMachine,
  campaignStage,
  campaignState,
  currentPhase,
  phaseDeadlines,
  type ApprovalRecord,
  type CampaignContext,
  type CampaignEvent,
  type CampaignInput,
  type PhaseDeadline,
} from './campaign.machine';
export {
  EFFECT_KINDS,
  type DeadlineEvent,
  type DeadlineSchedulePayload,
  type Effect,
  type EffectKind,
} from './effects';
export { WorkflowMachineError, type WorkflowMachineErrorCode } from './errors';
export {
  MACHINE_DEFINITIONS,
  createMachineRegistry,
  getMachine,
  latestVersion,
  startInstance,
  stepInstance,
  type MachineDefinition,
  type MachineRegistry,
  type StepResult,
  type WorkflowEvent,
} from './registry';
export {
  canAnswerClarification,
  effectiveDeadline,
  scoreSheetMachine,
  selfAssessmentDeadline,
  type ScoreSheetContext,
  type ScoreSheetEvent,
  type ScoreSheetInput,
  type SheetDeadline,
  type SheetExtension,
} from './score-sheet.machine';
export { stateValueToString, type JsonValue, type PersistedSnapshot } from './snapshot';
export { STATE_NAMES, stateName, type StateName } from './state-names';
