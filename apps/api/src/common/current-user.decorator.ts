import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { AppError } from '@lib/common';
import type { AuthenticatedRequest, SessionUser } from './session-user';

/**
 * The signed-in caller (`{ id, username, fullName, organisationId, authorityId, roles }`). Only meaningful
 * on routes that are not `@Public()`; on a public route without a session it throws 401 rather than
 * handing a handler `undefined`.
 */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): SessionUser => {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) {
    throw new AppError('unauthorised', 'UNAUTHORISED', 'Vui lòng đăng nhập.', 'Please sign in.');
  }
  return user;
});
