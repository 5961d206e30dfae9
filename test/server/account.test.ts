import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_PENDING_UPLOADS } from '../../server/db/accounts';
import { SWEEP_GRACE_MS } from '../../server/uploads/sweep';
import { fillProfile, patchMe, storedName, uploadAvatar, uploadedFiles, bindPhoneNumber } from './support/account';
import { authed, errorCode, field, http, login, suiteServer } from './support/harness';
import { PNG_BYTES } from './support/images';
import { enginesUnderTest } from './support/postgres';

jest.setTimeout(30_000);

describe.each(enginesUnderTest())('account lifecycle on %s', (engine) => {
  const suite = suiteServer(engine);

  const me = (token: string) => http(`${suite.server.url}/api/user/me`, authed(token));
  const deleteMe = (token: string) => http(`${suite.server.url}/api/user/me`, authed(token, { method: 'DELETE' }));

  describe('DELETE /api/user/me', () => {
    test('deletes the user, every token of every device, and the stored avatars; the next login is a new user', async () => {
      const phone = await login(suite.server);
      const tablet = await login(suite.server, { openid: phone.openid });
      const { avatarUrl } = await fillProfile(suite.server, phone.token, phone.openid);
      const pending = await uploadAvatar(suite.server, tablet.token);
      expect(await uploadedFiles(suite.server.dataDir)).toEqual(expect.arrayContaining([storedName(avatarUrl), storedName(pending)]));

      const deleted = await deleteMe(phone.token);
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');

      for (const token of [phone.token, tablet.token]) {
        const after = await me(token);
        expect(after.status).toBe(401);
        expect(errorCode(after)).toBe('UNAUTHORIZED');
      }
      const again = await deleteMe(phone.token);
      expect(again.status).toBe(401);
      expect(errorCode(again)).toBe('UNAUTHORIZED');

      expect(await suite.server.db.selectFrom('users').selectAll().where('id', '=', phone.userId).execute()).toEqual([]);
      expect(await suite.server.db.selectFrom('tokens').selectAll().where('user_id', '=', phone.userId).execute()).toEqual([]);
      expect(await suite.server.db.selectFrom('uploads').selectAll().where('user_id', '=', phone.userId).execute()).toEqual([]);
      const left = await uploadedFiles(suite.server.dataDir);
      expect(left).not.toContain(storedName(avatarUrl));
      expect(left).not.toContain(storedName(pending));
      expect((await http(avatarUrl)).status).toBe(404);

      const fresh = await login(suite.server, { openid: phone.openid });
      expect(fresh.isNew).toBe(true);
      expect(fresh.userId).not.toBe(phone.userId);
      expect(field<unknown>((await me(fresh.token)).body, 'nickName')).toBeNull();
      expect(field<unknown>((await me(fresh.token)).body, 'phoneNumber')).toBeNull();
    });

    test("deleting one user leaves another's data alone", async () => {
      const gone = await login(suite.server);
      const stays = await login(suite.server);
      await fillProfile(suite.server, gone.token, gone.openid);
      const { avatarUrl } = await fillProfile(suite.server, stays.token, stays.openid);
      expect((await deleteMe(gone.token)).status).toBe(204);
      const kept = await me(stays.token);
      expect(kept.status).toBe(200);
      expect(field<string>(kept.body, 'avatarUrl')).toBe(avatarUrl);
      expect(await uploadedFiles(suite.server.dataDir)).toContain(storedName(avatarUrl));
    });

    test('without a token it is 401 and deletes nothing', async () => {
      const result = await http(`${suite.server.url}/api/user/me`, { method: 'DELETE' });
      expect(result.status).toBe(401);
      expect(errorCode(result)).toBe('UNAUTHORIZED');
    });
  });

  describe('clearing fields', () => {
    test('PATCH null clears the nickname and leaves the avatar', async () => {
      const user = await login(suite.server);
      const { avatarUrl } = await fillProfile(suite.server, user.token, user.openid);
      const cleared = await patchMe(suite.server, user.token, { nickName: null });
      expect(cleared.status).toBe(200);
      expect(field<unknown>(cleared.body, 'nickName')).toBeNull();
      expect(field<string>(cleared.body, 'avatarUrl')).toBe(avatarUrl);
      expect(await uploadedFiles(suite.server.dataDir)).toContain(storedName(avatarUrl));
    });

    test("PATCH avatarUrl null clears the avatar and deletes the user's stored images, pending ones too", async () => {
      const user = await login(suite.server);
      const { avatarUrl } = await fillProfile(suite.server, user.token, user.openid);
      const pending = await uploadAvatar(suite.server, user.token);
      const cleared = await patchMe(suite.server, user.token, { avatarUrl: null });
      expect(cleared.status).toBe(200);
      expect(field<unknown>(cleared.body, 'avatarUrl')).toBeNull();
      expect(field<string>(cleared.body, 'nickName')).toBe('注销测试🌙');
      expect(await uploadedFiles(suite.server.dataDir)).not.toContain(storedName(avatarUrl));
      expect(await uploadedFiles(suite.server.dataDir)).not.toContain(storedName(pending));
      expect(await suite.server.db.selectFrom('uploads').selectAll().where('user_id', '=', user.userId).execute()).toEqual([]);
      expect((await http(avatarUrl)).status).toBe(404);
    });

    test('a new avatar supersedes the old upload; an avatar that is not ours deletes no file', async () => {
      const user = await login(suite.server);
      const { avatarUrl: first } = await fillProfile(suite.server, user.token, user.openid);
      const second = await uploadAvatar(suite.server, user.token);
      await patchMe(suite.server, user.token, { avatarUrl: second });
      expect(await uploadedFiles(suite.server.dataDir)).not.toContain(storedName(first));
      expect(await uploadedFiles(suite.server.dataDir)).toContain(storedName(second));

      const other = await login(suite.server);
      const { avatarUrl: theirs } = await fillProfile(suite.server, other.token, other.openid);
      await patchMe(suite.server, user.token, { avatarUrl: theirs });
      await patchMe(suite.server, user.token, { avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/abc/132' });
      expect(await uploadedFiles(suite.server.dataDir)).toContain(storedName(theirs));
      expect(field<string>((await me(other.token)).body, 'avatarUrl')).toBe(theirs);
    });

    test('DELETE /api/user/phone clears the number and the country code, and answers the User', async () => {
      const user = await login(suite.server);
      await bindPhoneNumber(suite.server, user.token, user.openid, '13800138000');
      const cleared = await http(`${suite.server.url}/api/user/phone`, authed(user.token, { method: 'DELETE' }));
      expect(cleared.status).toBe(200);
      expect(cleared.body).toEqual(expect.objectContaining({ id: user.userId, phoneNumber: null, countryCode: null }));
      expect(field<unknown>((await me(user.token)).body, 'phoneNumber')).toBeNull();
      const again = await http(`${suite.server.url}/api/user/phone`, authed(user.token, { method: 'DELETE' }));
      expect(again.status).toBe(200);
      expect((await http(`${suite.server.url}/api/user/phone`, { method: 'DELETE' })).status).toBe(401);
    });

    test.each([
      ['an empty nickname', { nickName: '' }],
      ['a nickname of another type', { nickName: 7 }],
      ['an avatarUrl of another type', { avatarUrl: false }],
    ])('PATCH still rejects %s', async (_name, body) => {
      const user = await login(suite.server);
      const result = await patchMe(suite.server, user.token, body);
      expect(result.status).toBe(400);
      expect(errorCode(result)).toBe('INVALID_INPUT');
    });
  });

  describe('upload limit', () => {
    test(`back-to-back uploads keep the avatar in use plus the newest ${MAX_PENDING_UPLOADS}`, async () => {
      const user = await login(suite.server);
      const { avatarUrl } = await fillProfile(suite.server, user.token, user.openid);
      const uploaded: string[] = [];
      for (let i = 0; i < 12; i += 1) uploaded.push(storedName(await uploadAvatar(suite.server, user.token)));
      const rows = await suite.server.db.selectFrom('uploads').select('name').where('user_id', '=', user.userId).execute();
      const kept = [storedName(avatarUrl), ...uploaded.slice(-MAX_PENDING_UPLOADS)].sort();
      expect(rows.map((row) => row.name).sort()).toEqual(kept);
      const files = await uploadedFiles(suite.server.dataDir);
      expect(files).toEqual(expect.arrayContaining(kept));
      for (const dropped of uploaded.slice(0, -MAX_PENDING_UPLOADS)) expect(files).not.toContain(dropped);
      expect(field<string>((await me(user.token)).body, 'avatarUrl')).toBe(avatarUrl);
      expect((await http(avatarUrl)).status).toBe(200);
    });
  });

  test('start-up sweeps old files no upload owns, and keeps owned and recent ones', async () => {
    const first = await suite.factory.start();
    const user = await login(first);
    const owned = storedName(await uploadAvatar(first, user.token));
    const folder = path.join(first.dataDir, 'uploads');
    const oldOrphan = `${'a'.repeat(32)}.png`;
    const newOrphan = `${'b'.repeat(32)}.png`;
    await writeFile(path.join(folder, oldOrphan), PNG_BYTES);
    await writeFile(path.join(folder, newOrphan), PNG_BYTES);
    const longAgo = new Date(Date.now() - SWEEP_GRACE_MS - 60_000);
    await utimes(path.join(folder, oldOrphan), longAgo, longAgo);
    await utimes(path.join(folder, owned), longAgo, longAgo);
    await first.close();

    await suite.factory.start({ dataDir: first.dataDir });
    const files = await uploadedFiles(first.dataDir);
    expect(files).not.toContain(oldOrphan);
    expect(files).toEqual(expect.arrayContaining([owned, newOrphan]));
  });
});
