/**
 * Effects are data. A machine never performs I/O: its transitions carry the named action `emit` whose
 * params are an {@link Effect}; {@link stepInstance} collects those params from `transition()` and the
 * runner writes one outbox row per effect, in the same transaction as the snapshot.
 */

/** Every effect kind a machine may emit (the runner's job registry must handle each). */
export const EFFECT_KINDS = [
  'deadline.schedule',
  'phase.locked',
  'phase.overdue',
  'sheet.submitted',
  'clarification.requested',
  'clarification.expired',
  'task.assigned',
  'task.completed',
  'task.reopened',
  'campaign.published',
] as const;

export type EffectKind = (typeof EFFECT_KINDS)[number];

/**
 * One side effect requested by a transition.
 * - `kind`: what to do (one of {@link EFFECT_KINDS}).
 * - `key`: stable business key, unique per fact (`sheet-42-submitted`, `campaign-3-appraisal-deadline-g2`);
 *   letters, digits, `_`, `.` and `-` only (never `:`), never all digits — usable as an outbox UNIQUE key
 *   and as (part of) a BullMQ job id. Replaying the same fact yields the same key.
 * - `payload`: JSON-only data the handler needs.
 */
export interface Effect {
  kind: string;
  key: string;
  payload: Record<string, unknown>;
}

/**
 * The event a `deadline.schedule` effect asks to be delivered back to the same instance at `dueAt`.
 * The machine ignores it unless it is still in the expected state with the same generation.
 */
export type DeadlineEvent =
  | { type: 'phase.deadlineReached'; phase: string; generation: number }
  | { type: 'clarification.deadlineReached'; generation: number };

/** Payload of `deadline.schedule`. */
export interface DeadlineSchedulePayload extends Record<string, unknown> {
  phase: string;
  dueAt: string;
  generation: number;
  event: DeadlineEvent;
}

/** Builds a key from parts joined with `-`; refuses parts that would break the key rules. */
export function effectKey(...parts: Array<string | number>): string {
  const key = parts.map(String).join('-');
  if (!/^[A-Za-z0-9_.-]+$/.test(key) || /^\d+$/.test(key)) {
    throw new Error(`Invalid effect key "${key}"`);
  }
  return key;
}

/** An effect value; the only way machines create them. */
export function effect(kind: EffectKind, key: string, payload: Record<string, unknown>): Effect {
  return { kind, key, payload };
}

/**
 * `deadline.schedule`: the runner turns it into a delayed job (job id derived from `key`) that sends
 * `payload.event` to the instance at `payload.dueAt`.
 */
export function scheduleDeadline(
  keyPrefix: string,
  ids: Record<string, string>,
  deadline: { phase: string; dueAt: string; generation: number; event: DeadlineEvent },
): Effect {
  const payload: DeadlineSchedulePayload = { ...ids, ...deadline };
  return effect(
    'deadline.schedule',
    effectKey(keyPrefix, deadline.phase, 'deadline', `g${deadline.generation}`),
    payload,
  );
}
