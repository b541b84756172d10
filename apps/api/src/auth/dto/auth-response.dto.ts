import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@lib/database';

export class SessionUserDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  username: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty()
  organisationId: number;

  @ApiProperty()
  authorityId: number;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles: Role[];
}

export class SessionInfoDto {
  @ApiProperty({ type: SessionUserDto })
  user: SessionUserDto;

  @ApiProperty({ description: 'Send it back as the X-CSRF-Token header on every POST, PUT, PATCH and DELETE.' })
  csrfToken: string;

  @ApiProperty({ description: 'True after a generated password: only /auth/password, /auth/me and /auth/logout work.' })
  mustChangePassword: boolean;

  @ApiProperty({
    description:
      'The session surely lives this many seconds after any request (the idle timeout less its touch interval): the web app warns before it ends and pings on activity.',
  })
  idleSeconds: number;
}

export class LoginResponseDto extends SessionInfoDto {
  @ApiProperty({ description: 'Absolute end of the session (it also ends after the idle timeout).' })
  expiresAt: Date;
}
