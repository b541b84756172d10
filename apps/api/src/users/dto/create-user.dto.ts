import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTHORITY_ROLES, type Role } from '@lib/database';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, ArrayUnique, IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Omittable } from '../../common/omittable.decorator';
import { USERNAME_PATTERN } from '../user-rules';

const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateUserDto {
  @ApiProperty({
    example: 'tuphap.canbo1',
    // What is accepted as sent: the name is trimmed and lower-cased before USERNAME_PATTERN is checked.
    pattern: String.raw`^\s*[A-Za-z0-9][A-Za-z0-9._-]{2,63}\s*$`,
    description: 'Stored trimmed and in lower case: 3–64 letters, digits, . _ - (starting with a letter or digit).',
  })
  @Transform(lowerTrim)
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username: 3–64 lower-case letters, digits, . _ -' })
  username: string;

  @ApiProperty({ example: 'Nguyễn Văn An' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  fullName: string;

  @ApiPropertyOptional({ example: 'an.nv@example.gov.vn' })
  @Omittable()
  @IsEmail()
  @MaxLength(255)
  email?: string;

  @ApiProperty({ example: 'tuphap', description: 'Code of an organisation of the caller’s authority.' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  organisationCode: string;

  @ApiProperty({ enum: AUTHORITY_ROLES, isArray: true, example: ['unit_officer'] })
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(AUTHORITY_ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({
    format: 'password',
    description: 'Omit to generate one; a generated password is returned once and must be changed at first login.',
  })
  @Omittable()
  @IsString()
  @MaxLength(256)
  password?: string;
}
