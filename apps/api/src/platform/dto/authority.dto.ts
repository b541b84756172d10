import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTHORITY_LEVELS } from '@lib/database';
import { Transform, Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsObject,
  IsString,
  IsTimeZone,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Omittable } from '../../common/omittable.decorator';
import { USERNAME_PATTERN } from '../../users/user-rules';

const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AuthorityAdminInput {
  @ApiProperty({ example: 'snv.quantri', description: 'Stored trimmed and in lower case.' })
  @Transform(lowerTrim)
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username: 3–64 lower-case letters, digits, . _ -' })
  username: string;

  @ApiProperty({ example: 'Nguyễn Thị Hoa' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  fullName: string;

  @ApiPropertyOptional({ example: 'hoa.nt@haiphong.gov.vn' })
  @Omittable()
  @IsEmail()
  @MaxLength(255)
  email?: string;
}

export class CreateAuthorityDto {
  @ApiProperty({ example: 'ubnd-hai-phong', description: 'Stable code: 2–64 lower-case letters, digits and -.' })
  @Transform(lowerTrim)
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'code: 2–64 lower-case letters, digits and -' })
  code: string;

  @ApiProperty({ example: 'Ủy ban nhân dân thành phố Hải Phòng' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  name: string;

  @ApiProperty({ enum: AUTHORITY_LEVELS, example: 'province' })
  @IsIn(AUTHORITY_LEVELS)
  level: (typeof AUTHORITY_LEVELS)[number];

  @ApiPropertyOptional({ example: 'Asia/Ho_Chi_Minh', description: 'IANA zone; Asia/Ho_Chi_Minh when left out.' })
  @Omittable()
  // Any zone Intl accepts, aliases included: Intl.supportedValuesOf lists only ICU's canonical ids, and there
  // Việt Nam's is Asia/Saigon, so the documented default Asia/Ho_Chi_Minh was refused.
  @IsTimeZone({ message: 'timeZone: an IANA time zone such as Asia/Ho_Chi_Minh' })
  timeZone?: string;

  @ApiProperty({ type: AuthorityAdminInput, description: 'The first admin; the password is generated and shown once.' })
  @IsObject()
  @ValidateNested()
  @Type(() => AuthorityAdminInput)
  admin: AuthorityAdminInput;
}

export class AuthorityDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: AUTHORITY_LEVELS })
  level: string;

  @ApiProperty()
  timeZone: string;

  @ApiProperty({ description: 'Accounts with the admin role.' })
  admins: number;

  @ApiProperty()
  createdAt: Date;
}

export class CreatedAuthorityDto {
  @ApiProperty({ type: AuthorityDto })
  authority: AuthorityDto;

  @ApiProperty()
  adminUsername: string;

  @ApiProperty({ description: 'The first admin’s generated password: shown once, changed at first sign-in.' })
  adminPassword: string;
}
