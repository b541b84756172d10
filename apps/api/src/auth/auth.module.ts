import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SecurityLogModule } from '../security-log/security-log.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle.service';
import { SessionGuard } from './session.guard';
import { SessionService } from './session.service';

/**
 * Authentication: why cookie sessions + a CSRF header, not bearer tokens.
 *
 * - The client is our own same-origin web app, so the browser can carry an HttpOnly, SameSite=Strict cookie
 *   (`par_session`, Secure under https) that page scripts cannot read — an XSS bug cannot steal a session.
 * - Sessions live server-side in MySQL (`sessions`, keyed by the SHA-256 of a 32-byte random token), so
 *   logout, deactivation and password changes revoke at once on every replica; a JWT would stay valid
 *   until it expired. Idle (SESSION_IDLE_MINUTES) and absolute (SESSION_ABSOLUTE_HOURS) timeouts are checked
 *   against the database clock at each request.
 * - Cookies are sent automatically, so every unsafe method (POST/PUT/PATCH/DELETE) also needs the session's
 *   synchronizer token in `X-CSRF-Token` (returned by login and GET /auth/me). SameSite=Strict is the second,
 *   independent layer. Login itself is exempt: it has no session yet, and it is throttled instead.
 * - Login failures are throttled per address and per username in Redis (shared by replicas, 429) and lock
 *   the account after 5 wrong passwords for 15 minutes in the users row (423).
 *
 * The guard is global (APP_GUARD): every route needs a session unless it is `@Public()`.
 */
@Module({
  imports: [SecurityLogModule],
  controllers: [AuthController],
  providers: [AuthService, SessionService, LoginThrottle, { provide: APP_GUARD, useClass: SessionGuard }],
  exports: [SessionService],
})
export class AuthModule {}
