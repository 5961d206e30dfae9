/**
 * The HTTP contract (docs/contract.md) in memory, on top of FakeServer, so page tests get
 * realistic login, profile and phone behaviour with no setup. Login codes are the fake wx.login's
 * (`code:<openid>:<n>`, single use); phone codes and legacy encrypted data are minted by the test with
 * `issuePhoneCode` / `issueEncryptedPhone`. Every route can still be replaced with `route()`.
 *
 * The routes come in groups (contract-auth-routes, contract-user-routes, contract-phone-routes) over
 * one contract-store, with bodies checked by contract-input; this file wires them and adds the test's controls.
 */
import type { User } from '../../typings/contract';
import { authRoutes } from './contract-auth-routes';
import { phoneRoutes } from './contract-phone-routes';
import {
  activeTokens,
  createContractStore,
  findUser,
  issueToken,
  removeUser,
  updateUser,
  userFor,
  userOf,
  type ContractStore,
} from './contract-store';
import { userRoutes } from './contract-user-routes';
import { createFakeServer, json, type FakeServer } from './fake-server';

export interface ContractServerOptions {
  /** Token lifetime; default 7 days. */
  tokenTtlMs?: number;
  /** Public base of uploaded avatars. */
  avatarBaseUrl?: string;
}

export interface ContractServer extends FakeServer {
  users(): User[];
  userByOpenid(openid: string): User | null;
  /** Tokens currently accepted. */
  activeTokens(): string[];
  /** Every token now answers 401 (as after a server-side revocation or a restart with a new secret). */
  revokeAllTokens(): void;
  revokeToken(token: string): void;
  /** A single-use getPhoneNumber code for the new flow. */
  issuePhoneCode(phoneNumber: string, countryCode?: string): string;
  /** Legacy-flow `{ encryptedData, iv }` that the phone route decrypts to this number. */
  issueEncryptedPhone(phoneNumber: string, countryCode?: string): { encryptedData: string; iv: string };
  loginCount(): number;
  /** A user with a live token, as if they had logged in earlier: for warm-launch tests. */
  seedSession(openid: string, profile?: Partial<Omit<User, 'id'>>): { token: string; expiresAt: number; user: User };
  /** Changes a user behind the app's back, as a revocation push does (e.g. `{ nickName: null, avatarUrl: null }`). */
  changeUser(openid: string, patch: Partial<Omit<User, 'id'>>): void;
  /** Deletes a user with all their tokens, as `DELETE /api/user/me` or the cancellation push does. */
  deleteUser(openid: string): void;
  /** The AppID each login carried, in order (null: none sent). */
  loginAppIds(): Array<string | null>;
}

type UserControls = Pick<
  ContractServer,
  'users' | 'userByOpenid' | 'activeTokens' | 'revokeAllTokens' | 'revokeToken' | 'changeUser' | 'deleteUser' | 'seedSession'
>;

/** The test's hands on users and tokens, behind the app's back. */
function userControls(store: ContractStore): UserControls {
  return {
    users: () => Array.from(store.users.values()),
    userByOpenid: (openid) => findUser(store, openid),
    activeTokens: () => activeTokens(store),
    revokeAllTokens: () => store.tokens.clear(),
    revokeToken: (token) => {
      store.tokens.delete(token);
    },
    changeUser: (openid, patch) => {
      updateUser(store, userOf(store, openid), patch);
    },
    deleteUser: (openid) => removeUser(store, userOf(store, openid)),
    seedSession: (openid, profile = {}) => {
      const seeded = updateUser(store, userFor(store, openid).user, profile);
      return { ...issueToken(store, seeded.id), user: seeded };
    },
  };
}

export function contractServer(options: ContractServerOptions = {}): ContractServer {
  const store = createContractStore(options.tokenTtlMs ?? 7 * 24 * 60 * 60 * 1000);
  const server = createFakeServer();
  const login = authRoutes(server, store);
  userRoutes(server, store, options.avatarBaseUrl ?? 'https://fake.invalid/avatars');
  const phone = phoneRoutes(server, store);
  server.route('GET', '/api/health', () => json(200, { status: 'ok' }));
  return Object.assign(server, login, phone, userControls(store));
}
