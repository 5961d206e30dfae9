/**
 * Where the developer server lives. Development builds talk to the companion server on this machine
 * (DevTools: turn off domain checks, project.config.json `setting.urlCheck: false`); trial and release
 * builds need an HTTPS domain that is whitelisted in the mini-program admin console.
 */
export type EnvVersion = WechatMiniprogram.MiniProgram['envVersion'];

export const DEVELOP_API_BASE_URL = 'http://127.0.0.1:3000';

/** Set this to your own server before uploading a trial or release build. */
export const PRODUCTION_API_BASE_URL = 'https://api.example.com';

export type AccountInfoSource = Pick<WechatMiniprogram.Wx, 'getAccountInfoSync'>;

/** The running build's environment; `develop` when the runtime cannot tell (old base library). */
export function currentEnvVersion(source: AccountInfoSource = wx): EnvVersion {
  try {
    return source.getAccountInfoSync().miniProgram.envVersion || 'develop';
  } catch {
    return 'develop';
  }
}

export function apiBaseUrl(env: EnvVersion = currentEnvVersion()): string {
  return env === 'develop' ? DEVELOP_API_BASE_URL : PRODUCTION_API_BASE_URL;
}

/** DevTools' placeholder for a project without an AppID: not one the server could know. */
const TOURIST_APPID = 'touristappid';

/** This mini-program's AppID for the login, or null when the runtime cannot tell (or runs as a tourist). */
export function currentAppId(source: AccountInfoSource = wx): string | null {
  try {
    const appId = source.getAccountInfoSync().miniProgram.appId;
    return typeof appId === 'string' && appId !== '' && appId !== TOURIST_APPID ? appId : null;
  } catch {
    return null;
  }
}
