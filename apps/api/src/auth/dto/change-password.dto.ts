import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../password';

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword: string;

  /** Length is checked in code points by the service (class-validator counts UTF-16 units). */
  @ApiProperty({
    format: 'password',
    minLength: 12,
    maxLength: PASSWORD_MAX_LENGTH,
    description: '12–128 characters, no composition rules; must not contain the username.',
  })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH * 2)
  newPassword: string;
}
