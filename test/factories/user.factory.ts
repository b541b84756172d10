import { User, type Role } from '@lib/database';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../apps/api/src/app.factory';
import { createOrganisation } from './organisation.factory';

/** The password every factory user gets unless told otherwise (≥ 12 characters, as the policy wants). */
export const DEFAULT_PASSWORD = 'mật khẩu thử nghiệm 2024';

let sequence = 0;
const hashes = new Map<string, Promise<string>>();
// Argon2id costs tens of milliseconds: hash each distinct password once per test file.
const hashOnce = (password: string) => {
  if (!hashes.has(password)) {
    hashes.set(password, hashPassword(password));
  }
  return hashes.get(password)!;
};

export interface UserOverrides extends Partial<Omit<User, 'passwordHash' | 'roles'>> {
  roles?: Role[];
  /** Plain password to hash (default `DEFAULT_PASSWORD`). */
  password?: string;
}

/** A user row plus the plain password to sign in with. */
export type CreatedUser = User & { password: string };

/**
 * A user with overrides: roles default to `['unit_officer']`; without `organisationId` the user gets an
 * organisation (and authority) of its own. `mustChangePassword` defaults to false so the user can work at once.
 */
export async function createUser(ds: DataSource, overrides: UserOverrides = {}): Promise<CreatedUser> {
  const { password = DEFAULT_PASSWORD, ...fields } = overrides;
  const n = `${process.pid}-${++sequence}`;
  const organisationId = fields.organisationId ?? (await createOrganisation(ds)).id;
  const user = await ds.getRepository(User).save({
    username: `user.${n}`,
    fullName: `Người dùng thử nghiệm ${n}`,
    email: null,
    roles: ['unit_officer'],
    active: true,
    mustChangePassword: false,
    ...fields,
    organisationId,
    passwordHash: await hashOnce(password),
  });
  return Object.assign(user, { password });
}
