/**
 * The contract server's memory: users by id and openid, live tokens, and the one sequence that
 * numbers ids, tokens and minted codes. Routes and test controls both go through these functions so
 * a user is always created, changed and deleted the same way.
 */
import type { User } from '../../typings/contract';

export interface TokenRecord {
  userId: number;
  expiresAt: number;
}

export interface ContractStore {
  readonly tokenTtlMs: number;
  readonly users: Map<number, User>;
  readonly openids: Map<string, number>;
  readonly tokens: Map<string, TokenRecord>;
  sequence: number;
}

export function createContractStore(tokenTtlMs: number): ContractStore {
  return { tokenTtlMs, users: new Map(), openids: new Map(), tokens: new Map(), sequence: 0 };
}

export function nextSequence(store: ContractStore): number {
  store.sequence += 1;
  return store.sequence;
}

export function findUser(store: ContractStore, openid: string): User | null {
  const id = store.openids.get(openid);
  return id === undefined ? null : (store.users.get(id) ?? null);
}

/** The user behind an openid a test names; a missing one is the test's mistake. */
export function userOf(store: ContractStore, openid: string): User {
  const user = findUser(store, openid);
  if (user === null) throw new Error(`contract server: no user for ${openid}`);
  return user;
}

/** The openid's user, made blank on first sight (as the real server does on first login). */
export function userFor(store: ContractStore, openid: string): { user: User; isNew: boolean } {
  const found = findUser(store, openid);
  if (found !== null) return { user: found, isNew: false };
  const user: User = {
    id: nextSequence(store),
    nickName: null,
    avatarUrl: null,
    phoneNumber: null,
    countryCode: null,
    createdAt: new Date().toISOString(),
  };
  store.openids.set(openid, user.id);
  store.users.set(user.id, user);
  return { user, isNew: true };
}

export function updateUser(store: ContractStore, user: User, patch: Partial<User>): User {
  const updated = { ...user, ...patch };
  store.users.set(user.id, updated);
  return updated;
}

/** Deletes the user with their openid and every token, as account deletion does. */
export function removeUser(store: ContractStore, user: User): void {
  store.users.delete(user.id);
  for (const [openid, id] of store.openids) if (id === user.id) store.openids.delete(openid);
  for (const [token, record] of store.tokens) if (record.userId === user.id) store.tokens.delete(token);
}

export function issueToken(store: ContractStore, userId: number): { token: string; expiresAt: number } {
  const token = `token-${nextSequence(store)}-${Math.random().toString(36).slice(2)}`;
  const expiresAt = Date.now() + store.tokenTtlMs;
  store.tokens.set(token, { userId, expiresAt });
  return { token, expiresAt };
}

export function activeTokens(store: ContractStore): string[] {
  return Array.from(store.tokens.entries())
    .filter(([, record]) => record.expiresAt > Date.now())
    .map(([token]) => token);
}
