import type { AppConfig } from '@config';
import type { CookieOptions, Response } from 'express';

export const SESSION_COOKIE = 'par_session';
export const CSRF_HEADER = 'x-csrf-token';

function cookieOptions(config: AppConfig): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    // Secure whenever the public address is https; a plain-http dev server would otherwise never get it back.
    secure: config.http.publicUrl.startsWith('https:'),
    path: '/',
  };
}

/** The cookie lives no longer than the session's absolute timeout. */
export function setSessionCookie(res: Response, config: AppConfig, token: string, expiresAt: Date): void {
  res.cookie(SESSION_COOKIE, token, { ...cookieOptions(config), expires: expiresAt });
}

export function clearSessionCookie(res: Response, config: AppConfig): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(config));
}
