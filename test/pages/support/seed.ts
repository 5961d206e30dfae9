/** Starting states for page tests: a user who logged in earlier, and the core instances a page uses. */
import { SESSION_STORAGE_KEY } from 'miniprogram-login';
import type { Session } from 'miniprogram-login';
import type { User } from '../../../typings/contract';
import { contractServer, type ContractServer, type FakeServer } from '../../support/fake-wx';

export const OPENID = 'openid-test';

export interface Seeded {
  server: ContractServer;
  /** Storage as the session wrote it at that earlier login: pass as the fake's `storage`. */
  storage: Record<string, unknown>;
  user: User;
}

/** A warm start: the server knows the user and their token, the device still has the session. */
export function seededLogin(profile: Partial<Omit<User, 'id'>> = {}): Seeded {
  const server = contractServer();
  const { token, expiresAt, user } = server.seedSession(OPENID, profile);
  return { server, storage: { [SESSION_STORAGE_KEY]: { token, expiresAt, user } }, user };
}

/**
 * The session instance the page just loaded uses: pages and tests share jest's module registry, which
 * openPage() reset before loading the page.
 */
export function pageSession(): Session {
  return (require('miniprogram-login') as typeof import('miniprogram-login')).session;
}

/** Holds every call to `path` until release(): for observing the states while a call is under way. */
export function holdRequests(server: FakeServer, path: string): () => void {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const handle = server.handle.bind(server);
  server.handle = async (request) => {
    if (request.path === path) await held;
    return handle(request);
  };
  return release;
}
