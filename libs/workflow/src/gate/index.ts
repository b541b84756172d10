export {
  assertWritable,
  campaignFactsOf,
  readCampaignFacts,
  sheetFactsOf,
  type GatePass,
  type GateRequest,
  type Writer,
} from './phase-gate';
export { phaseClosed, phaseNotOpen } from './phase-errors';
export {
  clarificationWindow,
  phaseWindow,
  phaseWindows,
  secondsLeft,
  sheetWindow,
  stageOf,
  type CampaignFacts,
  type ClosedBy,
  type Closure,
  type PhaseWindow,
  type SheetFacts,
  type WindowName,
} from './phase-window';
export { lockSheetRow } from './phase-gate.queries';
