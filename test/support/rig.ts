/** A fake `wx` plus the client's services wired to it: the starting point of most unit tests. */
import type { Clock } from '../../miniprogram/core/clock';
import { createServices, type Services } from '../../miniprogram/core/services';
import { SESSION_STORAGE_KEY, type StoredSession } from '../../miniprogram/core/session-store';
import type { User } from '../../typings/contract';
import { createFakeWx, type ContractServer, type FakeServer, type FakeWx, type FakeWxOptions } from './fake-wx';

export const BASE_URL = 'http://127.0.0.1:3000';

export type Rig<S extends FakeServer = ContractServer> = Services & { fake: FakeWx<S> };

export function createRig<S extends FakeServer = ContractServer>(
  options: FakeWxOptions<S> = {},
  clock?: Clock,
): Rig<S> {
  const fake = createFakeWx<S>(options);
  const services = createServices(fake.wx, { baseUrl: BASE_URL, ...(clock === undefined ? {} : { clock }) });
  return { ...services, fake };
}

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
export function storedSession(token: string, expiresAt: number, user: User = sampleUser()): Record<string, StoredSession> {
  return { [SESSION_STORAGE_KEY]: { token, expiresAt, user } };
}
