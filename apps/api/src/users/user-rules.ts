import { AUTHORITY_ROLES, type Role } from '@lib/database';

/**
 * Rules shared by the single-user form and the bulk import, so both reject the same things with the same
 * words. Usernames are lower case ASCII: they are typed on shared office machines and appear in URLs and logs.
 */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface FieldProblem {
  column: 'username' | 'fullName' | 'email' | 'organisationCode' | 'roles';
  code: string;
  messageVi: string;
  message: string;
}

export function checkUsername(username: string): FieldProblem | undefined {
  if (!USERNAME_PATTERN.test(username)) {
    return {
      column: 'username',
      code: 'USERNAME_INVALID',
      messageVi: `Tên đăng nhập "${username}" không hợp lệ (3–64 ký tự: chữ thường không dấu, số, dấu . _ -).`,
      message: `Username "${username}" is invalid (3–64 characters: lower-case letters, digits, . _ -).`,
    };
  }
  return undefined;
}

/** Roles from a cell such as "unit_officer, viewer" (separated by commas, semicolons or spaces). */
export function parseRoles(cell: string): { roles: Role[]; problem?: FieldProblem } {
  const names = cell
    .split(/[\s,;|]+/)
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((r) => !(AUTHORITY_ROLES as readonly string[]).includes(r));
  if (names.length === 0 || unknown.length > 0) {
    return {
      roles: [],
      problem: {
        column: 'roles',
        code: 'ROLE_INVALID',
        messageVi: `Vai trò không hợp lệ: "${unknown.join(', ') || '(trống)'}". Vai trò hợp lệ: ${AUTHORITY_ROLES.join(', ')}.`,
        message: `Invalid role: "${unknown.join(', ') || '(empty)'}". Valid roles: ${AUTHORITY_ROLES.join(', ')}.`,
      },
    };
  }
  return { roles: [...new Set(names)] as Role[] };
}
