import { ValidateIf } from 'class-validator';

/**
 * The property may be left out, but when present it is validated — `null` included. `@IsOptional()` also
 * skips `null`, which then reached the service as a value no column or rule accepts (`active: null`,
 * `fullName: null` answered 500). Use `@IsOptional()` only where `null` means something (and is documented).
 */
export const Omittable = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);
