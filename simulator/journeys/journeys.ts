import * as fs from 'fs';
import * as path from 'path';
import type { HeadlessRuntime } from '../runtime';
import { solidPng } from '../runtime/png';
import {
  check,
  currentPage,
  element,
  narrateScreen,
  onPage,
  PAGES,
  rowsOfUser,
  sees,
  seesOwnProfile,
  serverSaysMe,
  storedFileOf,
  storedToken,
  tap,
  tapPrivacyGuarded,
  tokenRows,
  uploadedFiles,
  userRow,
  watchNetwork,
} from './steps';
import type { World } from './world';

/** Base libraries the journeys run on: today's, the getUserProfile era, and the last before phone codes. */
export const SDK = { current: '3.7.0', userProfileEra: '2.10.4', legacyPhone: '2.20.0' } as const;

export const PHONE = { phoneNumber: '13800138000', countryCode: '86', masked: '138****8000' } as const;

async function launchLoggedIn(world: World, rt: HeadlessRuntime): Promise<void> {
  world.narrate(`  the user opens the mini-program (base library ${rt.sdkVersion}, WeChat user ${rt.openid})`);
  await rt.launch();
  await onPage(world, rt, PAGES.home);
  await seesOwnProfile(world, rt);
}

async function ensureUser(world: World, openid: string) {
  const row = await userRow(world, openid);
  check(row, `the server has no user for openid ${openid}`);
  return row;
}

/** Journey 1: first launch → silent login → a new user → home asks to complete the profile. */
export async function firstLaunch(world: World): Promise<HeadlessRuntime> {
  world.narrate('Journey 1 — first launch and silent login');
  const rt = await world.device();
  check(!(await userRow(world, rt.openid)), 'a user row existed before the first launch');
  await launchLoggedIn(world, rt);
  await sees(world, rt, '完善资料');
  narrateScreen(world, rt);
  const row = await ensureUser(world, rt.openid);
  check(row.nick_name === null && row.avatar_url === null, 'a brand-new user already has a profile');
  const tokens = await tokenRows(world, row.id);
  check(tokens.length === 1, `expected one token after the silent login, found ${tokens.length}`);
  world.narrate(`  server: users row #${row.id} for ${rt.openid}, no nickname or avatar yet; 1 token issued`);
  return rt;
}

/** Journey 2a: base library 2.10.x, "use my WeChat profile" through wx.getUserProfile; deny first. */
export async function profileWithGetUserProfile(world: World): Promise<HeadlessRuntime> {
  world.narrate(`Journey 2a — profile through wx.getUserProfile on base library ${SDK.userProfileEra}`);
  const avatarUrl = 'https://thirdwx.qlogo.cn/mmopen/vi_32/headless-xiaoming/132';
  const rt = await world.device({ sdkVersion: SDK.userProfileEra, user: { profile: { answer: 'deny' } } });
  await launchLoggedIn(world, rt);
  await tap(world, rt, '#btn-auth');
  await onPage(world, rt, PAGES.auth);
  narrateScreen(world, rt);

  await tap(world, rt, '#btn-profile');
  world.narrate('  WeChat asks to share the profile; the user refuses');
  await sees(world, rt, '资料未修改');
  const untouched = await ensureUser(world, rt.openid);
  check(untouched.nick_name === null && untouched.avatar_url === null, 'a denied profile request changed the profile');
  world.narrate('  server: profile unchanged');

  rt.user = { ...rt.user, profile: { answer: 'allow', nickName: '小明', avatarUrl } };
  await tap(world, rt, '#btn-profile');
  world.narrate('  the user taps again and allows this time');
  await onPage(world, rt, PAGES.home);
  await sees(world, rt, '小明');
  check(rt.ui.records.some((r) => r.kind === 'toast' && r.title === '已保存'), 'no “已保存” toast was shown');
  const saved = await ensureUser(world, rt.openid);
  check(saved.nick_name === '小明' && saved.avatar_url === avatarUrl, `the server holds ${saved.nick_name} / ${saved.avatar_url}`);
  world.narrate(`  server: nickname “${saved.nick_name}”, avatar ${saved.avatar_url}`);
  return rt;
}

export function writeAvatarPng(world: World): { file: string; bytes: Buffer } {
  const bytes = solidPng(4, 4, [7, 193, 96]);
  const file = path.join(world.tmpDir, 'avatar.png');
  fs.writeFileSync(file, bytes);
  return { file, bytes };
}

/** Choose an avatar (uploaded at once) and type a nickname, then save: the 3.x way. */
export async function fillProfile(world: World, rt: HeadlessRuntime, nickName: string): Promise<void> {
  await tapPrivacyGuarded(world, rt, '#btn-avatar');
  await sees(world, rt, '头像已上传');
  const input = await element(rt, '#input-nickname');
  world.narrate(`  types “${nickName}” as the nickname`);
  await input.input(nickName);
  await tap(world, rt, '#btn-save');
}

/** Journey 2b: base library 3.x, chooseAvatar + nickname input with a real upload; refusals first. */
export async function profileWithAvatarAndNickname(world: World): Promise<HeadlessRuntime> {
  world.narrate(`Journey 2b — avatar and nickname on base library ${SDK.current}`);
  const avatar = writeAvatarPng(world);
  const rt = await world.device({
    user: { avatar: { answer: 'choose', filePath: avatar.file }, nickname: { value: '小红' }, privacy: 'disagree' },
  });
  await launchLoggedIn(world, rt);
  await tap(world, rt, '#btn-auth');
  await onPage(world, rt, PAGES.auth);
  narrateScreen(world, rt);

  await tapPrivacyGuarded(world, rt, '#btn-avatar');
  await sees(world, rt, '你未同意隐私保护指引');
  const before = await ensureUser(world, rt.openid);
  check(before.avatar_url === null, 'an avatar was saved although privacy consent was refused');

  rt.user = { ...rt.user, privacy: 'agree', nickname: { value: '坏昵称', rejected: true } };
  await fillProfile(world, rt, '坏昵称');
  await sees(world, rt, '未通过微信内容安全检查');
  const rejected = await ensureUser(world, rt.openid);
  check(rejected.nick_name === null, `a rejected nickname was saved: ${rejected.nick_name}`);
  check(rejected.avatar_url === null, 'the uploaded avatar was saved without its nickname');
  world.narrate('  WeChat cleared the nickname; server: still no nickname and no avatar (nothing half-saved)');

  rt.user = { ...rt.user, nickname: { value: '小红' } };
  const input = await element(rt, '#input-nickname');
  world.narrate('  types “小红” as the nickname');
  await input.input('小红');
  await tap(world, rt, '#btn-save');
  await onPage(world, rt, PAGES.home);
  await sees(world, rt, '小红');
  const saved = await ensureUser(world, rt.openid);
  check(saved.nick_name === '小红' && typeof saved.avatar_url === 'string', 'the profile was not saved');
  const served = Buffer.from(await (await fetch(saved.avatar_url)).arrayBuffer());
  check(served.equals(avatar.bytes), `the avatar URL ${saved.avatar_url} does not serve the uploaded bytes`);
  world.narrate(`  server: nickname “小红”, avatar ${saved.avatar_url} serves the same ${served.length} PNG bytes`);

  await openUcenter(world, rt);
  rt.ui.answerModals('confirm');
  await tap(world, rt, '#btn-clear-profile');
  await sees(world, rt, '未设置昵称');
  const cleared = await ensureUser(world, rt.openid);
  check(cleared.nick_name === null && cleared.avatar_url === null, `清除 left ${cleared.nick_name} / ${cleared.avatar_url}`);
  check(!uploadedFiles(world).includes(storedFileOf(saved.avatar_url)), 'the cleared avatar file is still in the upload folder');
  world.narrate('  清除 in the user center: server holds no nickname and no avatar, and the file is deleted');
  return rt;
}

async function openUcenter(world: World, rt: HeadlessRuntime): Promise<void> {
  await tap(world, rt, '#btn-ucenter');
  await onPage(world, rt, PAGES.ucenter);
  await sees(world, rt, '退出登录');
  narrateScreen(world, rt);
}

/** Journey 3: bind the phone with a code (deny first), then with legacy encrypted data on an old base library. */
export async function bindPhone(world: World): Promise<HeadlessRuntime> {
  world.narrate(`Journey 3 — bind a phone number on base library ${SDK.current}`);
  const rt = await world.device({ user: { phone: { answer: 'deny' } } });
  await launchLoggedIn(world, rt);
  await openUcenter(world, rt);

  await tapPrivacyGuarded(world, rt, '#btn-phone');
  world.narrate('  WeChat asks to share the phone number; the user refuses');
  await rt.idle();
  await sees(world, rt, '绑定手机号');
  check((await ensureUser(world, rt.openid)).phone_number === null, 'a denied phone request bound a number');
  world.narrate('  server: no phone number');

  rt.user = { ...rt.user, phone: { answer: 'allow', ...PHONE } };
  await tap(world, rt, '#btn-phone');
  world.narrate(`  the user taps again and shares ${PHONE.phoneNumber}`);
  await sees(world, rt, PHONE.masked);
  check(rt.ui.records.some((r) => r.kind === 'toast' && r.title === '手机号已绑定'), 'no “手机号已绑定” toast');
  const row = await ensureUser(world, rt.openid);
  check(row.phone_number === PHONE.phoneNumber && row.country_code === PHONE.countryCode, `the server holds ${row.phone_number}`);
  world.narrate(`  server: phone ${row.phone_number} (+${row.country_code})`);

  rt.user = { ...rt.user, phone: { answer: 'allow', phoneNumber: '13900139000', countryCode: '86' } };
  await tap(world, rt, '#btn-phone');
  world.narrate('  the user taps 更换 and shares 13900139000');
  await sees(world, rt, '139****9000');
  check((await ensureUser(world, rt.openid)).phone_number === '13900139000', 'the phone number was not changed');

  rt.ui.answerModals('confirm');
  await tap(world, rt, '#btn-clear-phone');
  await sees(world, rt, '绑定手机号');
  const cleared = await ensureUser(world, rt.openid);
  check(cleared.phone_number === null && cleared.country_code === null, `清除 left the phone ${cleared.phone_number}`);
  world.narrate('  清除: server holds no phone number; the cell offers 绑定手机号 again');
  return rt;
}

export async function bindPhoneLegacy(world: World): Promise<HeadlessRuntime> {
  world.narrate(`Journey 3b — bind a phone number on base library ${SDK.legacyPhone} (legacy encryptedData)`);
  const rt = await world.device({ sdkVersion: SDK.legacyPhone, user: { phone: { answer: 'allow', ...PHONE } } });
  await launchLoggedIn(world, rt);
  await openUcenter(world, rt);
  await tap(world, rt, '#btn-phone');
  await sees(world, rt, PHONE.masked);
  const row = await ensureUser(world, rt.openid);
  check(row.phone_number === PHONE.phoneNumber, `the server holds ${row.phone_number} after the legacy flow`);
  world.narrate(`  server decrypted the legacy data: phone ${row.phone_number}`);
  return rt;
}

/** Journey 4: logout → the old token is refused → relaunch → the same user is back, profile intact. */
export async function logoutAndRelaunch(world: World): Promise<HeadlessRuntime> {
  world.narrate('Journey 4 — logout, then relaunch');
  const avatar = writeAvatarPng(world);
  const rt = await world.device({ user: { avatar: { answer: 'choose', filePath: avatar.file }, nickname: { value: '阿强' } } });
  await launchLoggedIn(world, rt);
  await tap(world, rt, '#btn-auth');
  await onPage(world, rt, PAGES.auth);
  await fillProfile(world, rt, '阿强');
  await onPage(world, rt, PAGES.home);
  await sees(world, rt, '阿强');
  const user = await ensureUser(world, rt.openid);

  await openUcenter(world, rt);
  const oldToken = storedToken(rt);
  rt.ui.answerModals('confirm');
  await tap(world, rt, '#btn-logout');
  await onPage(world, rt, PAGES.home);
  await sees(world, rt, '你还未登录');
  const modal = rt.ui.records.find((r) => r.kind === 'modal');
  check(modal && modal.kind === 'modal' && modal.confirmed, 'no logout confirmation was shown');
  const status = await serverSaysMe(world, oldToken);
  check(status === 401, `the old token still works after logout (HTTP ${status})`);
  const revoked = (await tokenRows(world, user.id)).every((t) => t.revoked_at !== null);
  check(revoked, 'a token of the user is still live after logout');
  world.narrate('  server: the old token is answered with HTTP 401');

  world.narrate('  the user kills the mini-program and opens it again');
  await rt.relaunch();
  await onPage(world, rt, PAGES.home);
  await seesOwnProfile(world, rt);
  await sees(world, rt, '阿强');
  const again = await ensureUser(world, rt.openid);
  check(again.id === user.id && again.nick_name === '阿强' && again.avatar_url === user.avatar_url, 'the profile changed across logout');
  world.narrate(`  server: the same users row #${again.id}, nickname “${again.nick_name}” intact`);
  return rt;
}

const LOGIN_PATH = '/api/auth/login';
const ME_PATH = '/api/user/me';

/** The server stops accepting the token (`lose`), then the user opens the user center: one login, one replay. */
async function relogsInOnceAndReplays(world: World, rt: HeadlessRuntime, when: string, lose: () => Promise<void>): Promise<void> {
  await lose();
  const network = watchNetwork(rt);
  await openUcenter(world, rt);
  network.stop();
  const logins = network.calls(LOGIN_PATH);
  check(logins.length === 1 && logins[0] === 200, `expected exactly one re-login after ${when}, saw logins answered ${JSON.stringify(logins)}`);
  const me = network.calls(ME_PATH);
  check(me.length === 2 && me[0] === 401 && me[1] === 200, `expected ${ME_PATH} refused once, then replayed, after ${when}; saw ${JSON.stringify(me)}`);
}

/** Journey 5: the server drops the token (revoked, expired) → one re-login and the request is replayed. */
export async function tokenLostMidSession(world: World): Promise<HeadlessRuntime> {
  world.narrate('Journey 5 — token revoked / expired mid-session; session_key expired at launch');
  const rt = await world.device();
  await launchLoggedIn(world, rt);
  const user = await ensureUser(world, rt.openid);

  await relogsInOnceAndReplays(world, rt, 'the revocation', async () => {
    await world.server.db.updateTable('tokens').set({ revoked_at: new Date().toISOString() }).where('user_id', '=', user.id).execute();
    world.narrate('  the server revokes the token behind the app’s back');
  });
  check((await serverSaysMe(world, storedToken(rt))) === 200, 'the token from the re-login is not accepted');

  await rt.navigate('navigateBack');
  await onPage(world, rt, PAGES.home);
  await relogsInOnceAndReplays(world, rt, 'the expiry', async () => {
    await world.server.db.updateTable('tokens').set({ expires_at: new Date(Date.now() - 60_000).toISOString() }).where('user_id', '=', user.id).execute();
    world.narrate('  the server-side token expires');
  });

  await world.control('expire-session', { openid: rt.openid });
  world.narrate('  WeChat expires the session_key; the user relaunches');
  const network = watchNetwork(rt);
  await rt.relaunch();
  await onPage(world, rt, PAGES.home);
  await seesOwnProfile(world, rt);
  network.stop();
  const logins = network.calls(LOGIN_PATH);
  check(logins.length === 1 && logins[0] === 200, `expected one silent login at launch, saw logins answered ${JSON.stringify(logins)}`);
  return rt;
}

export type WechatFault = { errcode: number; delayMs?: undefined } | { delayMs: number; errcode?: undefined };

/** Journey 6: WeChat fails the login (busy, slow, rejecting): a clear message, then recovery on retry. */
export async function wechatTrouble(world: World, fault: WechatFault, times: number, message: string): Promise<HeadlessRuntime> {
  world.narrate(`Journey 6 — WeChat ${fault.errcode !== undefined ? `answers errcode ${fault.errcode}` : `stalls ${fault.delayMs} ms`} ${times}×`);
  await world.control('faults', { path: '/sns/jscode2session', ...fault, times });
  const rt = await world.device();
  await rt.launch();
  await onPage(world, rt, PAGES.home);
  await sees(world, rt, message, 15000);
  await sees(world, rt, '重试');
  check(!(await userRow(world, rt.openid)), 'a user was created although the login failed');
  check(rt.wx.getStorageSync('session.v1') === '', 'a session was stored although the login failed');
  await tap(world, rt, '#btn-retry');
  await seesOwnProfile(world, rt, 15000);
  await ensureUser(world, rt.openid);
  world.narrate('  recovered on retry');
  return rt;
}

export async function serverRestart(world: World): Promise<HeadlessRuntime> {
  world.narrate('Journey 6b — the server restarts mid-session');
  const rt = await world.device();
  await launchLoggedIn(world, rt);
  const user = await ensureUser(world, rt.openid);
  await world.restartServer();
  world.narrate(`  server restarted at ${world.server.url}`);
  await openUcenter(world, rt);
  const tokens = await tokenRows(world, user.id);
  check(tokens.length === 1, `the session did not survive the restart: ${tokens.length} tokens`);
  return rt;
}

/** A user with everything the mini-program can hold: an uploaded avatar, a nickname and a phone number. */
async function fullProfile(world: World, nickName: string): Promise<HeadlessRuntime> {
  const avatar = writeAvatarPng(world);
  const rt = await world.device({
    user: { avatar: { answer: 'choose', filePath: avatar.file }, nickname: { value: nickName }, phone: { answer: 'allow', ...PHONE } },
  });
  await launchLoggedIn(world, rt);
  await tap(world, rt, '#btn-auth');
  await onPage(world, rt, PAGES.auth);
  await fillProfile(world, rt, nickName);
  await onPage(world, rt, PAGES.home);
  await sees(world, rt, nickName);
  await openUcenter(world, rt);
  await tapPrivacyGuarded(world, rt, '#btn-phone');
  await sees(world, rt, PHONE.masked);
  return rt;
}

const UNREACHABLE = 'http://127.0.0.1:9';

/** Journey 7: 注销账号: what will go, a deliberate confirmation, a failed attempt that keeps everything, then the deletion. */
export async function deleteAccount(world: World): Promise<HeadlessRuntime> {
  world.narrate('Journey 7 — 注销账号 (account deletion)');
  const rt = await fullProfile(world, '阿删');
  const user = await ensureUser(world, rt.openid);
  const avatarFile = storedFileOf(user.avatar_url);
  check(uploadedFiles(world).includes(avatarFile), `the uploaded avatar ${avatarFile} is not in the upload folder`);
  const oldToken = storedToken(rt);
  world.narrate(`  server: users row #${user.id} with nickname, avatar file ${avatarFile} and phone ${user.phone_number}`);

  await tap(world, rt, '#btn-delete-account');
  await onPage(world, rt, PAGES.deleteAccount);
  const shown = await sees(world, rt, '永久删除');
  check(shown.includes('阿删') && shown.includes(PHONE.masked) && shown.includes('无法撤销'), `the page does not say what will be deleted: ${shown}`);
  await tap(world, rt, '#btn-delete');
  await rt.idle();
  check(rt.currentPage()?.path === PAGES.deleteAccount && (await userRow(world, rt.openid)), 'one tap on the disabled button deleted something');
  world.narrate('  the button does nothing until 我已了解 is ticked');
  await tap(world, rt, '#acknowledge');

  world.narrate('  the connection to the server drops; the user taps 注销账号');
  rt.retarget(UNREACHABLE);
  await tap(world, rt, '#btn-delete');
  await sees(world, rt, '你的账号和信息都还在');
  rt.retarget(world.server.url);
  const kept = await rowsOfUser(world, user.id);
  check(kept.users === 1 && kept.uploads === 1 && uploadedFiles(world).includes(avatarFile), `a failed deletion changed the server: ${JSON.stringify(kept)}`);
  check(storedToken(rt) === oldToken && (await serverSaysMe(world, oldToken)) === 200, 'a failed deletion changed the session');
  world.narrate('  server: the account, its token and its avatar file are all still there');

  const network = watchNetwork(rt);
  await tap(world, rt, '#btn-delete');
  await onPage(world, rt, PAGES.home);
  await sees(world, rt, '账号已注销');
  network.stop();
  const gone = await rowsOfUser(world, user.id);
  check(Object.values(gone).every((rows) => rows === 0), `rows of the deleted user remain: ${JSON.stringify(gone)}`);
  check(!(await userRow(world, rt.openid)), 'the openid still leads to a user');
  check(!uploadedFiles(world).includes(avatarFile), `the avatar file ${avatarFile} is still in the upload folder`);
  check((await serverSaysMe(world, oldToken)) === 401, 'the old token still works after the deletion');
  check(rt.wx.getStorageSync('session.v1') === '', 'the device still holds the session');
  const deletes = network.calls(ME_PATH);
  const logins = network.calls(LOGIN_PATH);
  check(deletes.length === 1 && deletes[0] === 204 && logins.length === 0, `expected one DELETE answered 204 and no login; saw ${JSON.stringify({ deletes, logins })}`);
  world.narrate('  server: no row of the user in users, identities, tokens or uploads; the avatar file is gone; the old token is 401');

  await tap(world, rt, '#btn-login');
  await seesOwnProfile(world, rt);
  await sees(world, rt, '未设置昵称');
  const fresh = await ensureUser(world, rt.openid);
  check(fresh.id !== user.id && fresh.nick_name === null && fresh.phone_number === null, 'the next login brought the deleted account back');
  world.narrate(`  logging in again makes a new user #${fresh.id}, with nothing of the old one`);
  return rt;
}

/** Asks the emulator to send WeChat's authorized_user_information_changes push, signed and encrypted. */
async function push(world: World, openid: string, event: string, revokeInfo?: number): Promise<void> {
  const reply = await world.control('push', { openid, event, ...(revokeInfo === undefined ? {} : { revokeInfo }) });
  const status = typeof reply === 'object' && reply !== null ? (reply as { status?: unknown }).status : undefined;
  check(status === 200, `the server answered the ${event} push with ${String(status)}`);
  world.narrate(`  WeChat pushes ${event}${revokeInfo === undefined ? '' : ` (RevokeInfo ${revokeInfo})`}; the server answers 200`);
}

/** Journey 8: the user revokes in WeChat (phone, then profile), then cancels the WeChat account; the app notices each. */
export async function revocationPush(world: World): Promise<HeadlessRuntime> {
  world.narrate('Journey 8 — WeChat tells the server the user revoked what they granted');
  const rt = await fullProfile(world, '阿撤');
  const user = await ensureUser(world, rt.openid);
  const avatarFile = storedFileOf(user.avatar_url);

  await push(world, rt.openid, 'user_authorization_revoke', 8);
  const noPhone = await ensureUser(world, rt.openid);
  check(noPhone.phone_number === null && noPhone.nick_name === '阿撤', `after revoking the phone the server holds ${noPhone.phone_number} / ${noPhone.nick_name}`);
  await rt.navigate('navigateBack');
  await onPage(world, rt, PAGES.home);
  await sees(world, rt, '未绑定手机号');
  world.narrate('  back on home, the app refreshed the user: the phone shows as not bound');

  await push(world, rt.openid, 'user_authorization_revoke', 6);
  const noProfile = await ensureUser(world, rt.openid);
  check(noProfile.nick_name === null && noProfile.avatar_url === null, 'revoking the profile left a nickname or avatar');
  check(!uploadedFiles(world).includes(avatarFile), `the revoked avatar file ${avatarFile} is still in the upload folder`);
  await openUcenter(world, rt);
  await sees(world, rt, '未设置昵称');
  check(!currentPage(rt).$('#avatar'), 'the user center still shows the revoked avatar');
  world.narrate('  server: nickname and avatar cleared, the file deleted; the user center shows them unset');

  await push(world, rt.openid, 'user_authorization_cancellation');
  check(!(await userRow(world, rt.openid)), 'the cancelled WeChat account still has a user');
  world.narrate('  the user opens the mini-program again');
  const network = watchNetwork(rt);
  await rt.relaunch();
  await onPage(world, rt, PAGES.home);
  await seesOwnProfile(world, rt);
  network.stop();
  const fresh = await ensureUser(world, rt.openid);
  check(fresh.id !== user.id, 'the deleted account came back');
  const logins = network.calls(LOGIN_PATH);
  check(logins.length === 1 && logins[0] === 200, `expected one re-login after the 401, saw ${JSON.stringify(logins)}`);
  const stored = rt.wx.getStorageSync('session.v1') as { user?: { id?: unknown } };
  check(stored.user?.id === fresh.id, 'the app still holds the deleted user');
  world.narrate(`  the old token is refused, one re-login makes new user #${fresh.id}, and the app shows that user`);
  return rt;
}
