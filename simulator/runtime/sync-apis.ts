/**
 * Which wx APIs answer synchronously (return their result) rather than through success/fail callbacks or
 * a promise: the `…Sync` ones, listener registration (`on…`/`off…`), and these few without the suffix.
 * One list for the runtime's callWx and the automator's mocks, so both treat an API the same way.
 */
const SYNC_WITHOUT_SUFFIX: ReadonlySet<string> = new Set([
  'canIUse',
  'getAppBaseInfo',
  'getWindowInfo',
  'getDeviceInfo',
  'getSystemSetting',
  'getAppAuthorizeSetting',
  'getMenuButtonBoundingClientRect',
  'createSelectorQuery',
  'createAnimation',
  'getUpdateManager',
  'getRealtimeLogManager',
  'getLogManager',
  'nextTick',
]);

export function isSyncApi(method: string): boolean {
  return method.endsWith('Sync') || /^(on|off)[A-Z]/.test(method) || SYNC_WITHOUT_SUFFIX.has(method);
}
