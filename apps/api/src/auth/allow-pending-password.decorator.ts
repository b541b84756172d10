import { SetMetadata } from '@nestjs/common';

export const ALLOW_PENDING_PASSWORD = 'par-index:allow-pending-password';

/**
 * Reachable while the caller still has to replace a generated password (`mustChangePassword`): the few
 * routes needed to do that (me, change password, logout). Every other route answers 403 until then.
 */
export const AllowPendingPassword = (): ClassDecorator & MethodDecorator => SetMetadata(ALLOW_PENDING_PASSWORD, true);
