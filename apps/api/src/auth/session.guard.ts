import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@lib/database';
import { AppError } from '@lib/common';
import { timingSafeEqual } from 'node:crypto';
import { IS_PUBLIC } from '../common/public.decorator';
import { REQUIRED_ROLES } from '../common/roles.decorator';
import type { AuthenticatedRequest } from '../common/session-user';
import { ALLOW_PENDING_PASSWORD } from './allow-pending-password.decorator';
import { CSRF_HEADER, SESSION_COOKIE } from './session-cookie';
import { SessionService } from './session.service';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The one global guard (APP_GUARD), in this order: `@Public()` routes pass; otherwise a valid session
 * cookie (401), the CSRF header on unsafe methods (403), no pending password change (403), and one of the
 * `@Roles(...)` if the route names any (403). Deny by default: a new route is protected without doing anything.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') {
      return true;
    }
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      return true;
    }
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
    // A background request (the web app's polls, header X-Background: 1) is not activity: it does not keep an
    // idle session alive.
    const background = req.headers['x-background'] === '1';
    const session = typeof token === 'string' ? await this.sessions.resolve(token, { touch: !background }) : null;
    if (!session) {
      throw new AppError(
        'unauthorised',
        'SESSION_REQUIRED',
        'Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.',
        'Your session is missing or has expired. Please sign in again.',
      );
    }
    req.user = session.user;
    req.session = { id: session.id, csrfToken: session.csrfToken, mustChangePassword: session.mustChangePassword };

    const header = req.headers[CSRF_HEADER];
    if (UNSAFE_METHODS.has(req.method) && (typeof header !== 'string' || !sameToken(header, session.csrfToken))) {
      throw new AppError(
        'forbidden',
        'CSRF_TOKEN_INVALID',
        'Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token). Vui lòng tải lại trang.',
        'The X-CSRF-Token header is missing or wrong. Reload the page.',
      );
    }
    if (session.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_PASSWORD, targets)) {
      throw new AppError(
        'forbidden',
        'PASSWORD_CHANGE_REQUIRED',
        'Vui lòng đổi mật khẩu được cấp trước khi tiếp tục.',
        'Change the password you were given before you continue.',
      );
    }
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required?.length && !session.user.roles.some((role) => required.includes(role))) {
      throw new AppError(
        'forbidden',
        'ROLE_REQUIRED',
        'Bạn không có quyền thực hiện thao tác này.',
        `This needs one of the roles: ${required.join(', ')}.`,
        { roles: required },
      );
    }
    return true;
  }
}
