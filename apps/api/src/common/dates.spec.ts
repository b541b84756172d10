import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DATE_SCHEMA, INSTANT_SCHEMA, isCalendarDate, isInstant } from './dates';

/** The api and a client validating with the document (format + pattern) must accept exactly the same strings. */
const ajv = new Ajv({ strict: false });
addFormats(ajv);
const docInstant = ajv.compile({ type: 'string', format: INSTANT_SCHEMA.format, pattern: INSTANT_SCHEMA.pattern });
const docDate = ajv.compile({ type: 'string', format: DATE_SCHEMA.format, pattern: DATE_SCHEMA.pattern });

describe('request instants and dates', () => {
  it.each([
    ['2024-03-20T00:00:00+07:00', true],
    ['2024-03-19T17:00:00.000Z', true],
    ['2024-02-29T23:59:59-05:30', true],
    ['2024-03-20', false],
    ['2024-03-20T00:00:00', false],
    ['2024-03-20T00:00+07:00', false],
    ['2023-02-29T00:00:00Z', false],
    ['2024-03-20T24:00:00Z', false],
    ['2024-03-20 00:00:00Z', false],
    ['tomorrow', false],
  ])('should read %s as an instant: %s (as the document does)', (text, ok) => {
    expect(isInstant(text)).toBe(ok);
    expect(docInstant(text)).toBe(ok);
  });

  it.each([
    ['2024-04-20', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-04-20T00:00:00Z', false],
    ['20/04/2024', false],
  ])('should read %s as a calendar date: %s (as the document does)', (text, ok) => {
    expect(isCalendarDate(text)).toBe(ok);
    expect(docDate(text)).toBe(ok);
  });
});
