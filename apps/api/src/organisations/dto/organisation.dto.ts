import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ORGANISATION_COLUMNS } from '../organisation-import';
import { Omittable } from '../../common/omittable.decorator';

const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimEach = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value) ? (value as unknown[]).map((v) => (typeof v === 'string' ? v.trim() : v)) : value;
const CODE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const CODE_MESSAGE = 'a code: 1–64 lower-case letters, digits, . _ -';

/** The fields an organisation is created with and changed by, besides its code and name. */
class OrganisationFields {
  @ApiPropertyOptional({ example: 'Văn phòng HĐND&UBND', description: 'Short name for tables; "" clears it.' })
  @Omittable()
  @Transform(trim)
  @IsString()
  @MaxLength(255)
  shortName?: string;

  @ApiPropertyOptional({ type: String, isArray: true, description: 'Other names it is known by in sheets.' })
  @Omittable()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(255, { each: true })
  aliases?: string[];

  @ApiPropertyOptional({
    example: 'commune',
    description: 'The unit group it is assessed in (its ranking table); left out: not assessed.',
  })
  @Omittable()
  @Transform(lowerTrim)
  @Matches(CODE, { message: `unitGroup: ${CODE_MESSAGE}` })
  unitGroup?: string;

  @ApiPropertyOptional({ type: String, isArray: true, description: 'Codes of the units it succeeds (mergers).' })
  @Omittable()
  @Transform(({ value }: { value: unknown }): unknown =>
    Array.isArray(value)
      ? (value as unknown[]).map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v))
      : value,
  )
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(50)
  @Matches(CODE, { each: true, message: `predecessors: ${CODE_MESSAGE}` })
  predecessors?: string[];
}

/** What the admin may change of an organisation (the code is its identity and stays). */
export class UpdateOrganisationDto extends OrganisationFields {
  @ApiPropertyOptional({ example: 'Văn phòng HĐND và UBND thành phố' })
  @Omittable()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  name?: string;
}

export class CreateOrganisationDto extends OrganisationFields {
  @ApiProperty({ example: 'p-bac-son', description: 'Stable code in the authority, stored in lower case.' })
  @Transform(lowerTrim)
  @IsString()
  @Matches(CODE, { message: `code: ${CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ example: 'Ủy ban nhân dân phường Bắc Sơn' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  name: string;
}

export class OrganisationDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  shortName: string | null;

  @ApiProperty({ type: String, isArray: true })
  aliases: string[];

  @ApiProperty({ description: 'secretariat, appraiser, or the unit group it was created in.' })
  kind: string;

  @ApiProperty({ type: String, nullable: true, description: 'Its unit group when it is an assessed unit.' })
  unitGroup: string | null;

  @ApiProperty({ type: String, isArray: true, description: 'Codes of the units it succeeds.' })
  predecessors: string[];
}

/** `true`/`1` and `false`/`0` from a query string; anything else stays as it came, for @IsBoolean to refuse. */
const queryBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export class OrganisationImportQuery {
  @ApiPropertyOptional({
    default: true,
    description: 'Only check and preview (default). With false and no problem, every row is written.',
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class OrganisationImportRowDto {
  @ApiProperty({ description: 'Its row in the sheet (as Excel numbers it).' })
  row: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  shortName: string | null;

  @ApiProperty({ type: String, isArray: true })
  aliases: string[];

  @ApiProperty({ type: String, nullable: true, description: 'Unit group; null for an appraising office.' })
  unitGroup: string | null;

  @ApiProperty({ type: String, isArray: true })
  predecessors: string[];

  @ApiProperty({ enum: ['create', 'update'], description: 'A new code is created, a stored one updated.' })
  action: 'create' | 'update';
}

export class OrganisationImportProblemDto {
  @ApiProperty()
  row: number;

  @ApiProperty({ enum: ORGANISATION_COLUMNS, nullable: true })
  column: (typeof ORGANISATION_COLUMNS)[number] | null;

  @ApiProperty()
  code: string;

  @ApiProperty({ description: 'English.' })
  message: string;

  @ApiProperty({ description: 'Vietnamese.' })
  messageVi: string;
}

export class OrganisationImportResultDto {
  @ApiProperty()
  dryRun: boolean;

  @ApiProperty({ description: 'No problem: the rows can be (or were) written.' })
  ok: boolean;

  @ApiProperty({ type: OrganisationImportRowDto, isArray: true, description: 'The rows without a problem.' })
  rows: OrganisationImportRowDto[];

  @ApiProperty({ type: OrganisationImportProblemDto, isArray: true })
  problems: OrganisationImportProblemDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Group key → its name as the sheet wrote it ("Xã, đặc khu"); the group is named so when not named yet.',
  })
  groupNames: Record<string, string>;

  @ApiProperty({ description: 'Rows that create (dry run: would create) an organisation.' })
  created: number;

  @ApiProperty({ description: 'Rows that update a stored one.' })
  updated: number;
}
