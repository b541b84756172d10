import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Instants and calendar dates in requests, checked exactly as docs/openapi.json states them (`format: date-time`
 * with an offset, `format: date`), so a client built from the document and the api accept the same strings.
 * `IsDateString` accepted far more than its messages promised ("2024-03-20" as an instant, no offset).
 */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Spread into `@ApiProperty` of a field checked with {@link IsInstant}. */
export const INSTANT_SCHEMA = { type: String, format: 'date-time', pattern: INSTANT.source } as const;
/** Spread into `@ApiProperty` of a field checked with {@link IsCalendarDate}. */
export const DATE_SCHEMA = { type: String, format: 'date', pattern: DATE.source } as const;

function isDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** An RFC 3339 date-time with its offset ("2024-03-20T00:00:00+07:00", "2024-03-19T17:00:00.000Z"). */
export function isInstant(value: unknown): boolean {
  const m = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!m) {
    return false;
  }
  const [, y, mo, d, h, mi, s, oh = '0', om = '0'] = m;
  return isDay(+y, +mo, +d) && +h <= 23 && +mi <= 59 && +s <= 59 && +oh <= 23 && +om <= 59;
}

/** A calendar date yyyy-mm-dd that exists. */
export function isCalendarDate(value: unknown): boolean {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  return m !== null && isDay(+m[1], +m[2], +m[3]);
}

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: isInstant,
        defaultMessage: () => '$property must be an ISO 8601 instant with an offset, such as 2024-03-20T00:00:00+07:00',
      },
    },
    options,
  );
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: { validate: isCalendarDate, defaultMessage: () => '$property must be a date such as 2024-04-20' },
    },
    options,
  );
}
