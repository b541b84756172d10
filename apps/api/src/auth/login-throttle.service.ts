import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG } from '@lib/database';
import { AppError } from '@lib/common';
import { PRODUCER_REDIS } from '@lib/workflow';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';

/**
 * Failed-login counters in Redis, shared by every api replica (ASVS 6.3.1). Fixed windows; only failures
 * count, so a busy office behind one NAT address signing in correctly is never throttled. Losing these
 * counters (Redis flushed) only resets the throttle — the lockout that matters lives in the users row.
 */
export const LOGIN_THROTTLE = {
  windowSeconds: 15 * 60,
  /** Failed attempts from one client address per window (a password-spraying address). */
  maxFailuresPerIp: 20,
  /** Failed attempts on one username per window, known or not (covers names with no row to lock). */
  maxFailuresPerUsername: 10,
} as const;

@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(PRODUCER_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Throws 429 when either counter is exhausted; else the failures on this username in the window. */
  async assertAllowed(ip: string, username: string): Promise<{ usernameFailures: number }> {
    const [perIp, perUser] = await this.guard(() => this.redis.mget(this.ipKey(ip), this.userKey(username)));
    if (
      Number(perIp ?? 0) >= LOGIN_THROTTLE.maxFailuresPerIp ||
      Number(perUser ?? 0) >= LOGIN_THROTTLE.maxFailuresPerUsername
    ) {
      throw new HttpException({ message: 'LOGIN_RATE_LIMITED' }, HttpStatus.TOO_MANY_REQUESTS);
    }
    return { usernameFailures: Number(perUser ?? 0) };
  }

  /** Counts one failure from this address and on this username; answers the username's failures in the window. */
  async recordFailure(ip: string, username: string): Promise<number> {
    const window = LOGIN_THROTTLE.windowSeconds;
    const results = await this.guard(() =>
      this.redis
        .multi()
        .set(this.ipKey(ip), 0, 'EX', window, 'NX')
        .incr(this.ipKey(ip))
        .set(this.userKey(username), 0, 'EX', window, 'NX')
        .incr(this.userKey(username))
        .exec(),
    );
    return Number(results?.[3]?.[1] ?? 0);
  }

  /** Key prefix of every counter (tests clear it between files). */
  static keyPrefix(config: AppConfig): string {
    return `${config.redis.prefix}:login-throttle:`;
  }

  private ipKey(ip: string): string {
    return `${LoginThrottle.keyPrefix(this.config)}ip:${ip}`;
  }

  private userKey(username: string): string {
    // Hashed: usernames are user input and need not appear in Redis.
    return `${LoginThrottle.keyPrefix(this.config)}user:${createHash('sha256').update(username).digest('hex')}`;
  }

  /** Fail closed: without its counters, login answers 503 rather than allowing unlimited guesses. */
  private async guard<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch {
      throw new AppError(
        'unavailable',
        'LOGIN_UNAVAILABLE',
        'Tạm thời không thể đăng nhập (Redis không phản hồi). Vui lòng thử lại sau.',
        'Signing in is unavailable for now (Redis does not answer). Try again later.',
      );
    }
  }
}
