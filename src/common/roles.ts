import { SetMetadata } from '@nestjs/common';

/** What a key may do: admin (everything), planner (its municipalities' files and projects), auditor (read what is restricted). */
export const ROLES = ['admin', 'planner', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'roles';

/**
 * The roles allowed on a route. Writes without it are for admins only; reads without it are public
 * (unless PUBLIC_READS=false, then any valid key reads).
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Who is calling, as the guard found it; attached to the request. */
export interface Caller {
  keyId: number;
  role: Role;
  municipalities: string[];
}

/** A key's name in records such as an import's created_by, and in lists of keys: its id, nothing of the key. */
export const keyName = (keyId: number): string => `key:${keyId}`;

/** The caller's name for records such as an import's created_by. */
export const callerName = (caller: Caller | undefined): string => (caller ? keyName(caller.keyId) : 'anonymous');
