/** A fake `wx` plus the client wired to it (createLogin) and the contract's routes on it, for one backend shape: the starting point of most unit tests. */
import { SESSION_STORAGE_KEY, createLogin } from 'miniprogram-login';
import type { Clock, Login, StoredSession, User } from 'miniprogram-login';
import { createApi, type Api } from 'miniprogram-login/api';
import { CONTRACT, speak, type BackendShape } from './backends';
import { contractServer, createFakeWx, type ContractServer, type FakeServer, type FakeWx, type FakeWxOptions } from './fake-wx';

export const BASE_URL = 'http://127.0.0.1:3000';

export type Rig<S extends FakeServer = ContractServer> = Login & { api: Api; fake: FakeWx<S> };

export type CreateRig = <S extends FakeServer = ContractServer>(options?: FakeWxOptions<S>, clock?: Clock) => Rig<S>;

/** createRig for `backend`: its server speaks that shape and the client is configured for it. */
export function rigFor(backend: BackendShape): CreateRig {
  return <S extends FakeServer = ContractServer>(options: FakeWxOptions<S> = {}, clock?: Clock): Rig<S> => {
    const server = speak(backend, (options.server ?? contractServer()) as S);
    const fake = createFakeWx<S>({ ...options, server });
    const login = createLogin(fake.wx, { ...backend.config, baseUrl: BASE_URL, ...(clock === undefined ? {} : { clock }) });
    return { ...login, api: createApi(login.http), fake };
  };
}

/** A rig on this project's contract (the package's defaults). */
export const createRig: CreateRig = rigFor(CONTRACT);

/** A clock that only moves when told; timers still go through the (possibly fake) global setTimeout. */
export function manualClock(start: number): Clock & { set(now: number): void } {
  let now = start;
  return {
    now: () => now,
    after(ms, callback) {
      const handle = setTimeout(callback, ms);
      return () => clearTimeout(handle);
    },
    set(value) {
      now = value;
    },
  };
}

export function sampleUser(overrides: Partial<User> = {}): User {
  return {
    id: 42,
    nickName: '小明',
    avatarUrl: null,
    phoneNumber: null,
    countryCode: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Storage contents as the session writes them, for warm-launch tests. */
export function storedSession(token: string, expiresAt: number, user: User = sampleUser()): Record<string, StoredSession<User>> {
  return { [SESSION_STORAGE_KEY]: { token, expiresAt, user } };
}
