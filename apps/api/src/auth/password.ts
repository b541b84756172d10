import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { AppError } from '@lib/common';
import { randomInt } from 'node:crypto';

/**
 * Password hashing and policy (ASVS 5.0 §6.2, §11.4.2).
 * Argon2id with OWASP's first recommended setting: m = 19 MiB, t = 2, p = 1. The parameters are stored in
 * the PHC string, so raising them later only affects new hashes.
 */
const ARGON2_OPTIONS = {
  // `Algorithm` is a const enum in an ambient declaration; its value is spelled out so transpile-only
  // builds (SWC in the tests, scripts/register-ts.js) need not inline it.
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/** ASVS 6.2.1: at least 12 characters; 6.2.9: at least 64 allowed. No composition rules (6.2.5). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** False for a malformed hash as well as for a wrong password. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of nothing anyone knows, verified when the username is unknown so that an unknown user and a
 * wrong password take the same time (no username enumeration by timing).
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(generatePassword());
  return decoyHash;
}

// No 0/O, 1/l/I: generated passwords are read off a screen or a printout and typed in.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of 16 characters from a 56-symbol alphabet (~93 bits), for first logins. */
export function generatePassword(length = 16): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += ALPHABET[randomInt(ALPHABET.length)];
  }
  return out;
}

/** Length counted in code points, so Vietnamese diacritics and emoji count as one character each. */
export function passwordLength(password: string): number {
  return [...password].length;
}

/** Throws a 400 naming the rule a new password breaks. */
export function assertPasswordPolicy(password: string, username: string): void {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw new AppError(
      'invalid',
      'PASSWORD_LENGTH',
      `Mật khẩu phải có từ ${PASSWORD_MIN_LENGTH} đến ${PASSWORD_MAX_LENGTH} ký tự.`,
      `The password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long.`,
    );
  }
  if (password.toLowerCase().includes(username.toLowerCase())) {
    throw new AppError(
      'invalid',
      'PASSWORD_CONTAINS_USERNAME',
      'Mật khẩu không được chứa tên đăng nhập.',
      'The password must not contain the username.',
    );
  }
}
