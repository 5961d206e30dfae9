import { createSessionTable } from '../../examples/shared/sessions';

describe("the examples' token table", () => {
  test('each login issues a new random token for the same user; isNew only the first time', () => {
    const sessions = createSessionTable({ ttlSeconds: 60, now: () => new Date(0) });
    const first = sessions.login('o-1');
    const second = sessions.login('o-1');
    expect([first.isNew, second.isNew]).toEqual([true, false]);
    expect(second.token).not.toBe(first.token);
    expect(second.user.id).toBe(first.user.id);
    expect(sessions.login('o-2').user.id).not.toBe(first.user.id);
    expect(sessions.userOf(first.token)).toEqual(first.user);
  });

  test('a token is dead at its expiry and once revoked', () => {
    let now = 0;
    const sessions = createSessionTable({ ttlSeconds: 60, now: () => new Date(now) });
    const expiring = sessions.login('o-1');
    const revoked = sessions.login('o-1');
    expect(expiring.expiresAt).toBe(new Date(60_000).toISOString());
    sessions.revoke(revoked.token);
    expect(sessions.userOf(revoked.token)).toBeNull();
    now = 59_999;
    expect(sessions.userOf(expiring.token)).not.toBeNull();
    now = 60_000;
    expect(sessions.userOf(expiring.token)).toBeNull();
  });
});
