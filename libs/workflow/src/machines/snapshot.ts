/**
 * The one place that knows how a machine snapshot is persisted and restored. XState v6 replaces
 * `machine.resolveState` / `createActor(machine, { snapshot })` with `restoreActor` from `xstate/persist`;
 * only this file has to change then.
 */
import type { AnyMachineSnapshot, AnyStateMachine, StateValue } from 'xstate';
import { WorkflowMachineError } from './errors';

/** JSON value (what a persisted snapshot is made of). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A persisted machine snapshot, JSON-safe (it survives `JSON.stringify` → `JSON.parse` unchanged).
 * Store it as is with the machine id and version it was produced by.
 */
export interface PersistedSnapshot {
  status: 'active' | 'done' | 'error' | 'stopped';
  value: StateValue;
  context: Record<string, JsonValue>;
  [key: string]: unknown;
}

/** The persisted form of a snapshot as the JSON text that is stored. */
export function persistedSnapshotJson(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): string {
  return JSON.stringify(machine.getPersistedSnapshot(snapshot));
}

/**
 * Restores a persisted snapshot of `machine`, rejecting anything that is not one: a non-object, a missing
 * context, a status other than active/done, or a state value the machine does not have. Persisted
 * snapshots are trusted server data, never client input; this check guards against bugs and version mix-ups.
 */
export function restoreSnapshot(machine: AnyStateMachine, version: number, persisted: unknown): AnyMachineSnapshot {
  const where = `${machine.id} v${version}`;
  if (typeof persisted !== 'object' || persisted === null || Array.isArray(persisted)) {
    throw new WorkflowMachineError('INVALID_SNAPSHOT', `Snapshot for ${where} is not an object`);
  }
  const candidate = persisted as Partial<PersistedSnapshot>;
  if (candidate.status !== 'active' && candidate.status !== 'done') {
    throw new WorkflowMachineError(
      'INVALID_SNAPSHOT',
      `Snapshot for ${where} has status "${String(candidate.status)}"; only active or done snapshots can be restored`,
    );
  }
  if (typeof candidate.context !== 'object' || candidate.context === null) {
    throw new WorkflowMachineError('INVALID_SNAPSHOT', `Snapshot for ${where} has no context`);
  }
  if (typeof candidate.value !== 'string' && (typeof candidate.value !== 'object' || candidate.value === null)) {
    throw new WorkflowMachineError('INVALID_SNAPSHOT', `Snapshot for ${where} has no state value`);
  }
  try {
    return machine.resolveState({
      value: candidate.value,
      context: candidate.context,
      status: candidate.status,
      historyValue: candidate.historyValue as never,
    });
  } catch (error) {
    throw new WorkflowMachineError(
      'INVALID_SNAPSHOT',
      `Snapshot for ${where} cannot be restored: ${error instanceof Error ? error.message : String(error)}`,
      { value: candidate.value },
    );
  }
}

/** `'selfAssessment'`, or `'parent.child'` for nested states (parallel regions joined with `,`). */
export function stateValueToString(value: StateValue): string {
  if (typeof value === 'string') {
    return value;
  }
  return Object.entries(value)
    .map(([key, child]) =>
      child === undefined || (typeof child === 'object' && Object.keys(child).length === 0)
        ? key
        : `${key}.${stateValueToString(child)}`,
    )
    .join(',');
}
