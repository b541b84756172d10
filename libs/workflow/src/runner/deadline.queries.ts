/**
 * Durable deadlines (the deadlines table): one row per (subject, phase), armed by generation. The one place the
 * engine reads or writes them; "due" is always judged by the database clock.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface DeadlineRow {
  id: number;
  subject_type: string;
  subject_id: number;
  phase: string;
  due_at: Date;
  generation: number;
  event: string;
  status: string;
  /** 1 when due_at has passed by the database clock. */
  due: number;
}

/** Inside the caller's transaction: the deadline row, locked, with whether it is due now. */
export async function lockDeadline(em: EntityManager, id: number): Promise<DeadlineRow | undefined> {
  const [deadline] = await rows<DeadlineRow>(
    em,
    'SELECT *, due_at <= UTC_TIMESTAMP(6) AS due FROM deadlines WHERE id = ? FOR UPDATE',
    [id],
  );
  return deadline;
}

/** Marks the deadline of this generation fired (or skipped, when the machine refused its event). */
export async function markDeadline(
  em: EntityManager,
  id: number,
  generation: number,
  status: 'fired' | 'skipped',
): Promise<void> {
  await write(em, 'UPDATE deadlines SET status = ?, fired_at = UTC_TIMESTAMP(6) WHERE id = ? AND generation = ?', [
    status,
    id,
    generation,
  ]);
}

/** Every armed deadline, soonest first, with whether it is due now. */
export async function scheduledDeadlines(
  em: EntityManager,
): Promise<Pick<DeadlineRow, 'id' | 'generation' | 'due_at' | 'due'>[]> {
  return rows<DeadlineRow>(
    em,
    "SELECT id, generation, due_at, due_at <= UTC_TIMESTAMP(6) AS due FROM deadlines WHERE status = 'scheduled' ORDER BY due_at",
  );
}

export async function deadlineDueAt(em: EntityManager, id: number): Promise<Date | undefined> {
  const [row] = await rows<{ due_at: Date }>(em, 'SELECT due_at FROM deadlines WHERE id = ?', [id]);
  return row?.due_at;
}

/** One row per (subject, phase); a newer generation replaces the instant and re-arms it. Returns the row's id. */
export async function upsertDeadline(
  em: EntityManager,
  d: {
    campaignId: number;
    subjectType: string;
    subjectId: number;
    phase: string;
    dueAt: Date;
    generation: number;
    event: unknown;
  },
): Promise<number> {
  // `id = LAST_INSERT_ID(id)` makes the statement answer the row's id whether it inserted or found it (an unchanged
  // row stays unchanged, updated_at included): no SELECT of the id afterwards.
  const upserted = await write(
    em,
    `INSERT INTO deadlines (campaign_id, subject_type, subject_id, phase, due_at, generation, event, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled')
     ON DUPLICATE KEY UPDATE
       id = LAST_INSERT_ID(id),
       due_at = IF(VALUES(generation) > generation, VALUES(due_at), due_at),
       event = IF(VALUES(generation) > generation, VALUES(event), event),
       status = IF(VALUES(generation) > generation, 'scheduled', status),
       fired_at = IF(VALUES(generation) > generation, NULL, fired_at),
       generation = GREATEST(generation, VALUES(generation))`,
    [d.campaignId, d.subjectType, d.subjectId, d.phase, d.dueAt, d.generation, JSON.stringify(d.event)],
  );
  return upserted.insertId;
}
