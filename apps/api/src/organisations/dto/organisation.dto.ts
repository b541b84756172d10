import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, Matches, MaxLength, MinLength } from 'class-validator';
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
