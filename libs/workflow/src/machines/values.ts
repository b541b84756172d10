/**
 * Validation and comparison of the JSON values kept in machine context: ISO-8601 instants (never `Date`
 * objects) and business identifiers that end up in effect keys and BullMQ job ids.
 */

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Milliseconds since the epoch of an ISO-8601 instant with an explicit offset (`Z` or `±hh:mm`), or
 * `undefined` when the value is not one (wrong type, no offset, impossible calendar date such as 30 Feb).
 * Sub-millisecond digits are truncated, which keeps `at >= dueAt` exact for millisecond-aligned deadlines.
 */
export function instantMs(value: unknown): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = ISO_INSTANT.exec(value);
  if (!match) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The canonical form kept in context: UTC, millisecond precision (`2024-03-15T17:00:00.000Z`). */
export function canonicalInstant(value: unknown): string | undefined {
  const ms = instantMs(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** True when `value` is an ISO instant strictly before `deadline` (both ISO strings). */
export function isBefore(value: unknown, deadline: string): boolean {
  const at = instantMs(value);
  const due = instantMs(deadline);
  return at !== undefined && due !== undefined && at < due;
}

/**
 * A business identifier as kept in context: a string of letters, digits, `_`, `.` or `-` (so never a
 * `:`), or a safe non-negative integer, which is turned into its decimal string.
 */
export function identifier(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  return typeof text === 'string' && IDENTIFIER.test(text) ? text : undefined;
}

/** A positive integer generation (deadline generations start at 1). */
export function isGeneration(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/** A non-empty string of at most 200 characters, e.g. a user id or a content-area code. */
export function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= 200;
}
