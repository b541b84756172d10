import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AppConfig } from '@config';
import { APP_CONFIG } from '@lib/database';
import type { Response } from 'express';
import { auditContext } from '../common/actor';
import { CurrentUser } from '../common/current-user.decorator';
import { Public } from '../common/public.decorator';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
import { AllowPendingPassword } from './allow-pending-password.decorator';
import { AuthService } from './auth.service';
import { LoginResponseDto, SessionInfoDto } from './dto/auth-response.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie } from './session-cookie';
import { keepAliveSeconds } from './session.service';

function sessionOf(req: AuthenticatedRequest): NonNullable<AuthenticatedRequest['session']> {
  // The guard attached it: these routes are not @Public.
  return req.session!;
}

function cookieToken(req: AuthenticatedRequest): string | undefined {
  const token = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof token === 'string' ? token : undefined;
}

@ApiTags('auth')
@ApiCookieAuth('par_session')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in; sets the par_session cookie and returns the CSRF token.' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password (one message for both).' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts from this address or on this username.' })
  async login(
    @Body() body: LoginDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponseDto> {
    const result = await this.auth.login({
      username: body.username,
      password: body.password,
      ip: req.ip ?? 'unknown',
      userAgent: req.get('user-agent'),
      requestId: typeof (req as { id?: unknown }).id === 'string' ? (req as { id: string }).id : null,
      previousToken: cookieToken(req),
    });
    setSessionCookie(res, this.config, result.session.token, result.session.expiresAt);
    return {
      user: result.user,
      csrfToken: result.session.csrfToken,
      mustChangePassword: result.mustChangePassword,
      idleSeconds: keepAliveSeconds(this.config.auth.idleSeconds),
      expiresAt: result.session.expiresAt,
    };
  }

  @AllowPendingPassword()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this session on the server and clear the cookie.' })
  @ApiNoContentResponse()
  async logout(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(cookieToken(req));
    clearSessionCookie(res, this.config);
  }

  @AllowPendingPassword()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user and the CSRF token of this session.' })
  @ApiOkResponse({ type: SessionInfoDto })
  me(@CurrentUser() user: SessionUser, @Req() req: AuthenticatedRequest): SessionInfoDto {
    const session = sessionOf(req);
    return {
      user,
      csrfToken: session.csrfToken,
      mustChangePassword: session.mustChangePassword,
      idleSeconds: keepAliveSeconds(this.config.auth.idleSeconds),
    };
  }

  @AllowPendingPassword()
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change one’s own password; other sessions of the user end.' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'Missing or wrong X-CSRF-Token.' })
  async changePassword(
    @CurrentUser() user: SessionUser,
    @Body() body: ChangePasswordDto,
    @Req() req: AuthenticatedRequest,
  ): Promise<void> {
    await this.auth.changePassword(
      user,
      sessionOf(req).id,
      body.currentPassword,
      body.newPassword,
      auditContext(user, req),
    );
  }
}
