import { ApiPropertyOptional } from '@nestjs/swagger';
import { AUTHORITY_ROLES, type Role } from '@lib/database';
import { ArrayNotEmpty, ArrayUnique, IsBoolean, IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Omittable } from '../../common/omittable.decorator';

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: AUTHORITY_ROLES, isArray: true })
  @Omittable()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(AUTHORITY_ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ description: 'false deactivates the account and ends its sessions at once.' })
  @Omittable()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  fullName?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsEmail()
  @MaxLength(255)
  email?: string;

  @ApiPropertyOptional({ description: 'true lifts a lockout after too many wrong passwords.' })
  @Omittable()
  @IsBoolean()
  unlock?: boolean;
}
