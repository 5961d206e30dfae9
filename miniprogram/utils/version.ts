/** Base library version checks: the login features differ by version more than by anything else. */

/** Orders dotted versions numerically ('2.10.4' > '2.9.9'); missing or non-numeric parts count as 0. */
export function compareVersion(a: string, b: string): number {
  const left = a.split('.');
  const right = b.split('.');
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i += 1) {
    const x = Number.parseInt(left[i] ?? '0', 10) || 0;
    const y = Number.parseInt(right[i] ?? '0', 10) || 0;
    if (x !== y) return x > y ? 1 : -1;
  }
  return 0;
}

export type VersionSource = Partial<Pick<WechatMiniprogram.Wx, 'getAppBaseInfo' | 'getSystemInfoSync'>>;

/** Returned when the runtime will not say: old enough that every version gate stays closed. */
export const UNKNOWN_VERSION = '0.0.0';

function readVersion(read: (() => { SDKVersion?: string }) | undefined): string | null {
  if (typeof read !== 'function') return null;
  try {
    const version = read().SDKVersion;
    return typeof version === 'string' && version !== '' ? version : null;
  } catch {
    return null;
  }
}

/** The running base library: getAppBaseInfo (2.20.1+), else the deprecated getSystemInfoSync. */
export function sdkVersion(source: VersionSource): string {
  return (
    readVersion(source.getAppBaseInfo?.bind(source)) ??
    readVersion(source.getSystemInfoSync?.bind(source)) ??
    UNKNOWN_VERSION
  );
}

export function isAtLeast(version: string, minimum: string): boolean {
  return compareVersion(version, minimum) >= 0;
}
