/**
 * @jest-environment node
 *
 * The user journeys against the real companion server (fresh SQLite data dir, WeChat emulator), the
 * unchanged mini-program running in the headless runtime. The journey steps (simulator/journeys) check
 * what the user sees and what the server holds; the demo narrates the same steps.
 */
import * as path from 'path';
import {
  bindPhone,
  bindPhoneLegacy,
  deleteAccount,
  firstLaunch,
  logoutAndRelaunch,
  profileWithAvatarAndNickname,
  profileWithGetUserProfile,
  revocationPush,
  serverRestart,
  tokenLostMidSession,
  wechatTrouble,
} from '../../simulator/journeys/journeys';
import { createWorld, type World } from '../../simulator/journeys/world';

jest.setTimeout(60_000);

const projectRoot = path.resolve(__dirname, '..', '..');

describe('journeys against the real server', () => {
  let world: World;
  const lines: string[] = [];

  beforeEach(async () => {
    lines.length = 0;
    // A short WeChat timeout keeps the "slow WeChat" journey quick; nothing else comes near it.
    world = await createWorld({ projectRoot, narrate: (line) => lines.push(line), narrateNetwork: true, server: { wechatTimeoutMs: 800 } });
  });
  afterEach(async () => {
    const thrown = [...world.exceptions];
    await world.close();
    expect(thrown).toEqual([]);
  });

  it('1. first launch logs in silently, creates the user and asks for a profile', async () => {
    const rt = await firstLaunch(world);
    expect(rt.currentPage()?.$('#btn-auth')).not.toBeNull();
    expect(lines).toContain('      ↳ POST /api/auth/login → server answered HTTP 200');
  });

  it('2a. fills in the profile through getUserProfile on base library 2.10.x, deny first', async () => {
    const rt = await profileWithGetUserProfile(world);
    expect(rt.pageStack().map((p) => p.path)).toEqual(['pages/index/index']);
  });

  it('2b. uploads an avatar and saves a nickname on 3.x, after a privacy refusal and a rejected nickname; then clears them', async () => {
    const rt = await profileWithAvatarAndNickname(world);
    expect(rt.currentPage()?.$('#btn-clear-profile')).toBeNull();
    expect(lines).toContain('      ↳ PATCH (POST + X-HTTP-Method-Override) /api/user/me → server answered HTTP 200');
  });

  it('3. binds a phone number with a code after a deny, changes it, then clears it', async () => {
    const rt = await bindPhone(world);
    expect(rt.currentPage()?.$('#phone')).toBeNull();
    expect(lines).toContain('      ↳ DELETE /api/user/phone → server answered HTTP 200');
  });

  it('3b. binds a phone number with legacy encrypted data on an old base library', async () => {
    const rt = await bindPhoneLegacy(world);
    expect(rt.sdkVersion).toBe('2.20.0');
  });

  it('4. logs out (old token refused) and logs the same user in again on relaunch', async () => {
    const rt = await logoutAndRelaunch(world);
    expect(rt.pageStack()).toHaveLength(1);
  });

  it('5. re-logs in once and replays when the token is revoked or expires, and at launch when the session_key expired', async () => {
    await tokenLostMidSession(world);
    const replays = lines.filter((line) => line.includes('GET /api/user/me → server answered HTTP 401'));
    expect(replays).toHaveLength(2);
  });

  it('6. WeChat busy twice: a clear message, no user, recovery on retry', async () => {
    await wechatTrouble(world, { errcode: -1 }, 2, '微信服务繁忙');
  });

  it('6. WeChat too slow: a clear message, recovery on retry', async () => {
    await wechatTrouble(world, { delayMs: 2000 }, 1, '微信服务繁忙');
  });

  it('6. WeChat rejects the code: a clear message, recovery on retry', async () => {
    await wechatTrouble(world, { errcode: 40029 }, 1, '授权已失效');
  });

  it('6. the session survives a server restart', async () => {
    await serverRestart(world);
  });

  it('7. deletes the account after a deliberate confirmation; a failed try keeps everything; the next login is a new user', async () => {
    const rt = await deleteAccount(world);
    expect(rt.pageStack().map((p) => p.path)).toEqual(['pages/index/index']);
    expect(lines).toContain('      ↳ DELETE /api/user/me → server answered HTTP 204');
  });

  it('8. WeChat’s revocation pushes clear the phone, then the profile, then delete the account; the app follows each', async () => {
    const rt = await revocationPush(world);
    expect(rt.currentPage()?.text()).toContain('未设置昵称');
    expect(lines.filter((line) => line.includes('GET /api/user/me → server answered HTTP 401'))).toHaveLength(1);
  });
});
