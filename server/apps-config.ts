export interface AppCredentials {
  appid: string;
  secret: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** WECHAT_APPS: a JSON array of `{"appid": "…", "secret": "…"}`, the first being the default app. */
function parseAppList(value: string): AppCredentials[] {
  const problem = (detail: string): Error =>
    new Error(`WECHAT_APPS must be a JSON array of {"appid": "...", "secret": "..."} with distinct AppIDs: ${detail}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw problem('it is not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw problem('it is not a non-empty array');
  const apps = parsed.map((entry: unknown, index) => {
    if (!isRecord(entry) || Object.keys(entry).some((key) => key !== 'appid' && key !== 'secret')) throw problem(`entry ${index} is not {appid, secret}`);
    const { appid, secret } = entry;
    if (typeof appid !== 'string' || !/^[!-~]{1,64}$/.test(appid)) throw problem(`entry ${index} has no appid`);
    if (typeof secret !== 'string' || secret === '') throw problem(`entry ${index} (${appid}) has no secret`);
    return { appid, secret };
  });
  const duplicate = apps.find((app, index) => apps.findIndex((other) => other.appid === app.appid) !== index);
  if (duplicate !== undefined) throw problem(`${duplicate.appid} appears twice`);
  return apps;
}

/**
 * The real mini-programs to serve, or null for the emulator. WECHAT_APPS lists several; WECHAT_APPID and
 * WECHAT_SECRET are the one-app form. Half a pair, or both forms at once, is a mistake, not a reason to fall back
 * to the emulator (which would log a real AppID's users in as emulated ones).
 */
export function wechatAppsConfig(env: NodeJS.ProcessEnv): AppCredentials[] | null {
  const list = env.WECHAT_APPS || undefined;
  const appid = env.WECHAT_APPID || undefined;
  const secret = env.WECHAT_SECRET || undefined;
  if (list !== undefined) {
    if (appid !== undefined || secret !== undefined) throw new Error('set WECHAT_APPS or WECHAT_APPID/WECHAT_SECRET, not both');
    return parseAppList(list);
  }
  if (appid === undefined && secret === undefined) return null;
  if (appid === undefined || secret === undefined) throw new Error('set both WECHAT_APPID and WECHAT_SECRET, or neither (emulator)');
  return [{ appid, secret }];
}

/** LINK_BY_UNIONID: one account per person across the mini-programs (default), unless "false". */
export function linkByUnionid(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`LINK_BY_UNIONID must be true or false, got "${value}"`);
}
