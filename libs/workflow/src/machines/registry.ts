/**
 * The machine registry and the pure stepping functions the runner calls. Nothing here performs I/O or
 * executes actions: `startInstance` / `stepInstance` return the next persisted snapshot and the effects
 * to write to the outbox, and the runner does the rest inside one MySQL transaction.
 *
 * Running instances stay on the definition they started with: every version of a machine stays
 * registered, the runner stores `(machine id, version)` with each snapshot, and a new version only
 * applies to instances started after it is registered.
 */
import {
  createActor,
  initialTransition,
  type ActorScope,
  type AnyActorRef,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
  type StateValue,
} from 'xstate';
import { appraisalTaskMachine } from './appraisal-task.machine';
import { campaignMachine } from './campaign.machine';
import type { Effect } from './effects';
import { WorkflowMachineError } from './errors';
import { persistedSnapshotJson, restoreSnapshot, stateValueToString, type PersistedSnapshot } from './snapshot';
import { scoreSheetMachine } from './score-sheet.machine';

/** One version of one machine. `version` is a positive integer; `id` equals `machine.id`. */
export interface MachineDefinition {
  id: string;
  version: number;
  machine: AnyStateMachine;
}

/** An event for `stepInstance`: a domain `type` (dotted, e.g. `sheet.submitted`) plus its parameters. */
export type WorkflowEvent = EventObject | { type: string; [key: string]: unknown };

/** The outcome of starting or stepping an instance. */
export interface StepResult {
  /**
   * False when the event was not accepted (unknown in this state, or a guard refused it, e.g. a stale
   * deadline): snapshot, value and status are then the input's, and there are no effects. Do not persist.
   */
  changed: boolean;
  /** JSON-safe persisted snapshot to store. */
  snapshot: PersistedSnapshot;
  /** `snapshot` as the JSON text to store (serialised once per step, not again by each writer). */
  snapshotJson: string;
  /** State value as a string: `'selfAssessment'`, or dotted for nested states. */
  value: string;
  /** Effects to write to the outbox, in order. */
  effects: Effect[];
  /** `'active'`, or `'done'` once a final state is reached. */
  status: string;
  /** The definition that produced the snapshot (store it with the snapshot). */
  machine: { id: string; version: number };
}

export interface MachineRegistry {
  getMachine(id: string, version?: number): MachineDefinition;
  latestVersion(id: string): number;
  startInstance(id: string, input: unknown): StepResult;
  stepInstance(id: string, version: number, persisted: unknown, event: WorkflowEvent): StepResult;
}

/** The `emit` action's params are the effect (see effects.ts); everything else is internal. */
function effectsOf(actions: ReadonlyArray<{ type: string; params?: unknown }>): Effect[] {
  return actions.filter((action) => action.type === 'emit').map((action) => action.params as Effect);
}

/** One inert actor per machine, made once: what `pureTransition` hands xstate as the stepping actor's `self`. */
const inertActors = new WeakMap<AnyStateMachine, AnyActorRef>();

/**
 * xstate's `transition(machine, snapshot, event)` without its per-call setup: that creates a new actor (whose
 * constructor computes a whole initial snapshot, running the machine's context factory without input — for the
 * campaign, a thrown and caught INVALID_INPUT error with its stack trace) and a new actor system on every step,
 * a third of a transition's CPU in the runner. Our machines are pure — no children, no delays, no spawned actors:
 * the actions are only collected (the effects) — so one inert actor per machine serves every step; the scope
 * is the one xstate builds, with the actions collected instead of executed.
 */
function pureTransition(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): [AnyMachineSnapshot, Array<{ type: string; params?: unknown }>] {
  let self = inertActors.get(machine);
  if (!self) {
    self = createActor(machine);
    inertActors.set(machine, self);
  }
  const actions: Array<{ type: string; params?: unknown }> = [];
  const scope = {
    self,
    defer: () => undefined,
    id: '',
    logger: () => undefined,
    sessionId: '',
    stopChild: () => undefined,
    system: self.system,
    emit: () => undefined,
    actionExecutor: (action: { type: string; params?: unknown }) => {
      actions.push(action);
    },
  } as unknown as ActorScope<AnyMachineSnapshot, EventObject>;
  return [machine.transition(snapshot, event, scope), actions];
}

function assertEvent(definition: MachineDefinition, event: unknown): asserts event is EventObject {
  const type = (event as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || type.length === 0 || type.startsWith('xstate.')) {
    throw new WorkflowMachineError(
      'INVALID_EVENT',
      `Invalid event for ${definition.id} v${definition.version}: expected an object with a domain "type"`,
    );
  }
}

/**
 * A step's result whose texts are made on first read: the runner stores `snapshotJson` and never reads `snapshot`
 * (a JSON.parse of the whole snapshot per transition), and a refused step is never stored at all. A class, so every
 * result has one shape with its two getters on the prototype.
 */
class LazyStepResult implements StepResult {
  private text: string | undefined;
  private parsed: PersistedSnapshot | undefined;

  constructor(
    readonly changed: boolean,
    readonly value: string,
    readonly effects: Effect[],
    readonly status: string,
    readonly machine: { id: string; version: number },
    private readonly json: () => string,
  ) {}

  get snapshotJson(): string {
    return (this.text ??= this.json());
  }

  get snapshot(): PersistedSnapshot {
    return (this.parsed ??= JSON.parse(this.snapshotJson) as PersistedSnapshot);
  }
}

/** Builds a registry from definitions (several versions per id allowed, each (id, version) once). */
export function createMachineRegistry(definitions: readonly MachineDefinition[]): MachineRegistry {
  const byId = new Map<string, Map<number, MachineDefinition>>();
  for (const definition of definitions) {
    if (
      !Number.isSafeInteger(definition.version) ||
      definition.version < 1 ||
      definition.id !== definition.machine.id
    ) {
      throw new WorkflowMachineError(
        'INVALID_INPUT',
        `Machine definition ${definition.id} v${definition.version} must have a positive integer version and match machine.id`,
      );
    }
    const versions = byId.get(definition.id) ?? new Map<number, MachineDefinition>();
    if (versions.has(definition.version)) {
      throw new WorkflowMachineError(
        'DUPLICATE_MACHINE_VERSION',
        `Machine ${definition.id} v${definition.version} is registered twice`,
      );
    }
    versions.set(definition.version, definition);
    byId.set(definition.id, versions);
  }

  function versionsOf(id: string): Map<number, MachineDefinition> {
    const versions = byId.get(id);
    if (!versions) {
      throw new WorkflowMachineError(
        'UNKNOWN_MACHINE',
        `Unknown machine "${id}"; known machines: ${[...byId.keys()].join(', ')}`,
        { id },
      );
    }
    return versions;
  }

  function latestVersion(id: string): number {
    return Math.max(...versionsOf(id).keys());
  }

  function getMachine(id: string, version?: number): MachineDefinition {
    const versions = versionsOf(id);
    const wanted = version ?? latestVersion(id);
    const definition = versions.get(wanted);
    if (!definition) {
      throw new WorkflowMachineError(
        'UNKNOWN_MACHINE_VERSION',
        `Machine "${id}" has no version ${String(version)}; registered versions: ${[...versions.keys()].sort((a, b) => a - b).join(', ')}`,
        { id, version },
      );
    }
    return definition;
  }

  function startInstance(id: string, input: unknown): StepResult {
    const definition = getMachine(id);
    const [snapshot, actions] = initialTransition(definition.machine, input);
    if (snapshot.status === 'error') {
      const error = snapshot.error;
      if (error instanceof WorkflowMachineError) {
        throw error;
      }
      throw new WorkflowMachineError(
        'INVALID_INPUT',
        `Cannot start ${id} v${definition.version}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const snapshotJson = persistedSnapshotJson(definition.machine, snapshot);
    return new LazyStepResult(
      true,
      stateValueToString(snapshot.value as StateValue),
      effectsOf(actions),
      snapshot.status,
      { id, version: definition.version },
      () => snapshotJson,
    );
  }

  function stepInstance(id: string, version: number, persisted: unknown, event: WorkflowEvent): StepResult {
    const definition = getMachine(id, version);
    assertEvent(definition, event);
    const current = restoreSnapshot(definition.machine, version, persisted);
    const [next, actions] = pureTransition(definition.machine, current, event);
    const effects = effectsOf(actions);
    const machine = { id, version };
    if (next === current && effects.length === 0) {
      // No transition was enabled (xstate hands back the very snapshot it was given): refused, nothing to serialise
      // unless a caller asks for the text.
      return new LazyStepResult(
        false,
        stateValueToString(current.value as StateValue),
        [],
        current.status,
        machine,
        () => persistedSnapshotJson(definition.machine, current),
      );
    }
    // Each snapshot is serialised at most once: with effects the step changed something whatever the texts say;
    // without, only a different text is a change, and the chosen text is what the writer stores.
    const after = persistedSnapshotJson(definition.machine, next);
    const before = effects.length > 0 ? undefined : persistedSnapshotJson(definition.machine, current);
    const changed = before === undefined || before !== after;
    const snapshotJson = changed ? after : before;
    return new LazyStepResult(
      changed,
      stateValueToString((changed ? next.value : current.value) as StateValue),
      changed ? effects : [],
      changed ? next.status : current.status,
      machine,
      () => snapshotJson,
    );
  }

  return { getMachine, latestVersion, startInstance, stepInstance };
}

/**
 * Every machine version this build can restore. Append new versions; never remove one with live instances.
 * A backward-compatible addition (a new event in a state, an optional context field) may change a version in
 * place — live instances then get it too, which is what a fix wants (e.g. `phase.closed` on the score sheet);
 * a change to states or to what context means needs a new version.
 */
export const MACHINE_DEFINITIONS: readonly MachineDefinition[] = [
  { id: 'campaign', version: 1, machine: campaignMachine },
  { id: 'scoreSheet', version: 1, machine: scoreSheetMachine },
  { id: 'appraisalTask', version: 1, machine: appraisalTaskMachine },
];

const registry = createMachineRegistry(MACHINE_DEFINITIONS);

/** The definition of machine `id` at `version` (default: latest). Throws `UNKNOWN_MACHINE` / `UNKNOWN_MACHINE_VERSION`. */
export function getMachine(id: string, version?: number): MachineDefinition {
  return registry.getMachine(id, version);
}

/** The newest registered version of machine `id`. */
export function latestVersion(id: string): number {
  return registry.latestVersion(id);
}

/**
 * Starts an instance of the latest version of `id` (pure `initialTransition`): the initial persisted
 * snapshot and the effects of entering the initial state. Throws `INVALID_INPUT` on bad input.
 */
export function startInstance(id: string, input: unknown): StepResult {
  return registry.startInstance(id, input);
}

/**
 * Restores `persisted` with the definition `(id, version)` it was created with, applies `event` with the
 * pure `transition()` and returns the next snapshot and effects, without executing anything.
 * Throws `INVALID_SNAPSHOT` / `INVALID_EVENT` / `UNKNOWN_MACHINE*` for programming or data errors;
 * a refused event is `changed: false`, not an exception.
 */
export function stepInstance(id: string, version: number, persisted: unknown, event: WorkflowEvent): StepResult {
  return registry.stepInstance(id, version, persisted, event);
}
