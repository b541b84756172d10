export { AuthModule } from './auth.module';
export { AuthService, LOCKOUT, normaliseUsername } from './auth.service';
export {
  BOOTSTRAP_ADMIN_USERNAME,
  PLATFORM_ADMIN_USERNAME,
  ensureAdminAccount,
  ensurePlatformAdmin,
  type AdminBootstrap,
} from './ensure-admin-account';
export { LOGIN_THROTTLE, LoginThrottle } from './login-throttle.service';
export {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  assertPasswordPolicy,
  generatePassword,
  hashPassword,
  verifyPassword,
} from './password';
export { CSRF_HEADER, SESSION_COOKIE } from './session-cookie';
export { SessionGuard } from './session.guard';
export { SessionService, sessionId } from './session.service';
