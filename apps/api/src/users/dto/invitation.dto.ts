import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../../auth/password';

/** The token of an invitation link (what follows `#` in the mailed link). */
export class InvitationTokenDto {
  @ApiProperty({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'The token from the invitation link.' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/)
  token: string;
}

export class AcceptInvitationDto extends InvitationTokenDto {
  /** Length is checked in code points by the service (class-validator counts UTF-16 units). */
  @ApiProperty({
    format: 'password',
    minLength: 12,
    maxLength: PASSWORD_MAX_LENGTH,
    description: '12–128 characters, no composition rules; must not contain the username.',
  })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH * 2)
  password: string;
}

export class InvitationView {
  @ApiProperty()
  username: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}

export class InvitationAcceptedView {
  @ApiProperty()
  username: string;
}
