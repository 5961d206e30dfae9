/**
 * The HTTP contract (docs/contract.md) in memory, on top of FakeServer, so page tests get
 * realistic login, profile and phone behaviour with no setup. Login codes are the fake wx.login's
 * (`code:<openid>:<n>`, single use); phone codes and legacy encrypted data are minted by the test with
 * `issuePhoneCode` / `issueEncryptedPhone`. Every route can still be replaced with `route()`.
 */
import type { User } from '../../typings/contract';
import {
  bearerToken,
  createFakeServer,
  errorResponse,
  json,
  type FakeRequest,
  type FakeResponse,
  type FakeServer,
} from './fake-server';

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

interface TokenRecord {
  userId: number;
  expiresAt: number;
}

const LOGIN_CODE = /^code:(.+):\d+$/;
const IMAGE_PATH = /\.(jpe?g|png|webp|gif)$/i;
const PROFILE_FIELDS = new Set(['nickName', 'avatarUrl']);
const LOGIN_FIELDS = new Set(['code', 'appid']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function characters(text: string): number {
  return Array.from(text).length;
}

function isAbsoluteUrl(text: string): boolean {
  return /^https?:\/\/[^\s/]+/.test(text);
}

export function contractServer(options: ContractServerOptions = {}): ContractServer {
  const tokenTtlMs = options.tokenTtlMs ?? 7 * 24 * 60 * 60 * 1000;
  const avatarBaseUrl = options.avatarBaseUrl ?? 'https://fake.invalid/avatars';
  const server = createFakeServer();
  const users = new Map<number, User>();
  const openids = new Map<string, number>();
  const usedCodes = new Set<string>();
  const tokens = new Map<string, TokenRecord>();
  const phoneCodes = new Map<string, { phoneNumber: string; countryCode: string }>();
  const encryptedPhones = new Map<string, { phoneNumber: string; countryCode: string }>();
  const appIds: Array<string | null> = [];
  let sequence = 0;
  let logins = 0;

  function next(): number {
    sequence += 1;
    return sequence;
  }

  function authenticate(request: FakeRequest): { user: User; token: string } | FakeResponse {
    const token = bearerToken(request);
    const record = token === null ? undefined : tokens.get(token);
    if (token === null || record === undefined || record.expiresAt <= Date.now()) {
      return errorResponse(401, 'UNAUTHORIZED', 'missing, unknown, expired or revoked token');
    }
    const user = users.get(record.userId);
    if (user === undefined) return errorResponse(401, 'UNAUTHORIZED', 'unknown user');
    return { user, token };
  }

  function authed(handler: (user: User, request: FakeRequest, token: string) => FakeResponse) {
    return (request: FakeRequest): FakeResponse => {
      const auth = authenticate(request);
      if ('statusCode' in auth) return auth;
      return handler(auth.user, request, auth.token);
    };
  }

  function userFor(openid: string): { user: User; isNew: boolean } {
    const existing = openids.get(openid);
    const found = existing === undefined ? undefined : users.get(existing);
    if (found !== undefined) return { user: found, isNew: false };
    const user: User = {
      id: next(),
      nickName: null,
      avatarUrl: null,
      phoneNumber: null,
      countryCode: null,
      createdAt: new Date().toISOString(),
    };
    openids.set(openid, user.id);
    users.set(user.id, user);
    return { user, isNew: true };
  }

  function update(user: User, patch: Partial<User>): User {
    const updated = { ...user, ...patch };
    users.set(user.id, updated);
    return updated;
  }

  function bindPhone(user: User, phone: { phoneNumber: string; countryCode: string }): FakeResponse {
    return json(200, update(user, phone));
  }

  function remove(user: User): void {
    users.delete(user.id);
    for (const [openid, id] of openids) if (id === user.id) openids.delete(openid);
    for (const [token, record] of tokens) if (record.userId === user.id) tokens.delete(token);
  }

  function userOf(openid: string): User {
    const id = openids.get(openid);
    const user = id === undefined ? undefined : users.get(id);
    if (user === undefined) throw new Error(`contract server: no user for ${openid}`);
    return user;
  }

  server
    .route('POST', '/api/auth/login', (request) => {
      const body = request.data;
      if (
        !isRecord(body) ||
        typeof body.code !== 'string' ||
        body.code === '' ||
        Object.keys(body).some((key) => !LOGIN_FIELDS.has(key)) ||
        (body.appid !== undefined && (typeof body.appid !== 'string' || body.appid === ''))
      ) {
        return errorResponse(400, 'INVALID_INPUT', 'body must be { code, appid? }');
      }
      appIds.push(typeof body.appid === 'string' ? body.appid : null);
      const match = LOGIN_CODE.exec(body.code);
      if (match === null || usedCodes.has(body.code)) return errorResponse(400, 'INVALID_CODE', 'invalid or used code');
      usedCodes.add(body.code);
      logins += 1;
      const { user, isNew } = userFor(match[1]);
      const token = `token-${next()}-${Math.random().toString(36).slice(2)}`;
      const expiresAt = Date.now() + tokenTtlMs;
      tokens.set(token, { userId: user.id, expiresAt });
      return json(200, { token, expiresAt: new Date(expiresAt).toISOString(), user, isNew });
    })
    .route(
      'POST',
      '/api/auth/logout',
      authed((_user, _request, token) => {
        tokens.delete(token);
        return json(204);
      }),
    )
    .route(
      'GET',
      '/api/user/me',
      authed((user) => json(200, user)),
    )
    .route(
      'PATCH',
      '/api/user/me',
      authed((user, request) => {
        const body = request.data;
        if (!isRecord(body) || Object.keys(body).some((key) => !PROFILE_FIELDS.has(key))) {
          return errorResponse(400, 'INVALID_INPUT', 'only nickName and avatarUrl may change');
        }
        const patch: Partial<User> = {};
        if (body.nickName !== undefined) {
          if (body.nickName !== null && (typeof body.nickName !== 'string' || characters(body.nickName.trim()) < 1 || characters(body.nickName) > 32)) {
            return errorResponse(400, 'INVALID_INPUT', 'nickName must be 1..32 characters or null');
          }
          patch.nickName = body.nickName;
        }
        if (body.avatarUrl !== undefined) {
          if (body.avatarUrl !== null && (typeof body.avatarUrl !== 'string' || !isAbsoluteUrl(body.avatarUrl))) {
            return errorResponse(400, 'INVALID_INPUT', 'avatarUrl must be an absolute URL or null');
          }
          patch.avatarUrl = body.avatarUrl;
        }
        return json(200, update(user, patch));
      }),
    )
    .route(
      'POST',
      '/api/user/avatar',
      authed((user, request) => {
        if (request.api !== 'uploadFile' || request.fileField !== 'file' || !request.filePath) {
          return errorResponse(400, 'INVALID_INPUT', 'multipart field `file` is required');
        }
        if (!IMAGE_PATH.test(request.filePath)) return errorResponse(415, 'UNSUPPORTED_MEDIA', 'not an accepted image');
        const avatarUrl = `${avatarBaseUrl}/${user.id}-${next()}.png`;
        return json(200, { avatarUrl });
      }),
    )
    .route(
      'POST',
      '/api/user/phone',
      authed((user, request) => {
        const body = request.data;
        if (isRecord(body) && typeof body.code === 'string' && Object.keys(body).length === 1) {
          const phone = phoneCodes.get(body.code);
          if (phone === undefined) return errorResponse(400, 'INVALID_CODE', 'invalid or used phone code');
          phoneCodes.delete(body.code);
          return bindPhone(user, phone);
        }
        if (isRecord(body) && typeof body.encryptedData === 'string' && typeof body.iv === 'string') {
          const phone = encryptedPhones.get(`${body.encryptedData}|${body.iv}`);
          if (phone === undefined) return errorResponse(400, 'DECRYPT_FAILED', 'could not decrypt');
          return bindPhone(user, phone);
        }
        return errorResponse(400, 'INVALID_INPUT', 'body must be { code } or { encryptedData, iv }');
      }),
    )
    .route(
      'DELETE',
      '/api/user/me',
      authed((user) => {
        remove(user);
        return json(204);
      }),
    )
    .route(
      'DELETE',
      '/api/user/phone',
      authed((user) => json(200, update(user, { phoneNumber: null, countryCode: null }))),
    )
    .route('GET', '/api/health', () => json(200, { status: 'ok' }));

  return Object.assign(server, {
    users: () => Array.from(users.values()),
    userByOpenid: (openid: string) => {
      const id = openids.get(openid);
      return id === undefined ? null : (users.get(id) ?? null);
    },
    activeTokens: () => Array.from(tokens.entries()).filter(([, record]) => record.expiresAt > Date.now()).map(([token]) => token),
    revokeAllTokens: () => tokens.clear(),
    revokeToken: (token: string) => {
      tokens.delete(token);
    },
    issuePhoneCode: (phoneNumber: string, countryCode = '86') => {
      const code = `phone-code-${next()}`;
      phoneCodes.set(code, { phoneNumber, countryCode });
      return code;
    },
    issueEncryptedPhone: (phoneNumber: string, countryCode = '86') => {
      const encryptedData = `encrypted-${next()}`;
      const iv = `iv-${next()}`;
      encryptedPhones.set(`${encryptedData}|${iv}`, { phoneNumber, countryCode });
      return { encryptedData, iv };
    },
    loginCount: () => logins,
    loginAppIds: () => [...appIds],
    changeUser: (openid: string, patch: Partial<Omit<User, 'id'>>) => {
      update(userOf(openid), patch);
    },
    deleteUser: (openid: string) => remove(userOf(openid)),
    seedSession: (openid: string, profile: Partial<Omit<User, 'id'>> = {}) => {
      const { user } = userFor(openid);
      const seeded = update(user, profile);
      const token = `token-${next()}-${Math.random().toString(36).slice(2)}`;
      const expiresAt = Date.now() + tokenTtlMs;
      tokens.set(token, { userId: seeded.id, expiresAt });
      return { token, expiresAt, user: seeded };
    },
  });
}
