/**
 * Errors of the pure machine layer. Plain classes with a stable `code`; the runner maps them to its own
 * transport-free domain errors (and from there to HTTP). A refused event is *not* an error: it is a
 * {@link StepResult} with `changed: false`.
 */
export type WorkflowMachineErrorCode =
  | 'UNKNOWN_MACHINE'
  | 'UNKNOWN_MACHINE_VERSION'
  | 'INVALID_INPUT'
  | 'INVALID_SNAPSHOT'
  | 'INVALID_EVENT'
  | 'DUPLICATE_MACHINE_VERSION';

export class WorkflowMachineError extends Error {
  constructor(
    readonly code: WorkflowMachineErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'WorkflowMachineError';
  }
}

/** Thrown while building a machine's initial context from invalid input. */
export const invalidInput = (machineId: string, problem: string): WorkflowMachineError =>
  new WorkflowMachineError('INVALID_INPUT', `Invalid input for machine "${machineId}": ${problem}`, { machineId });
