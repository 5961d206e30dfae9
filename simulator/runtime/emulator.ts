/** The WeChat emulator's control API (see docs/contract.md), spoken over real HTTP. */
export interface EmulatorControl {
  loginCode(openid?: string): Promise<{ code: string; openid: string }>;
  phoneCode(openid: string, phoneNumber: string, countryCode?: string): Promise<{ code: string }>;
  encryptedPhone(openid: string, phoneNumber: string, countryCode?: string): Promise<{ encryptedData: string; iv: string }>;
  sessionValid(openid: string): Promise<boolean>;
}

function field(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  if (typeof value !== 'string') throw new Error(`emulator answered without "${name}"`);
  return value;
}

export function createEmulatorControl(serverUrl: () => string): EmulatorControl {
  const call = async (method: 'GET' | 'POST', route: string, body?: Record<string, unknown>): Promise<unknown> => {
    const response = await fetch(`${serverUrl()}/__wechat/control/${route}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator ${method} control/${route} answered ${response.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : null;
  };

  return {
    async loginCode(openid) {
      const body = await call('POST', 'login-code', openid ? { openid } : {});
      return { code: field(body, 'code'), openid: field(body, 'openid') };
    },
    async phoneCode(openid, phoneNumber, countryCode) {
      const body = await call('POST', 'phone-code', { openid, phoneNumber, ...(countryCode ? { countryCode } : {}) });
      return { code: field(body, 'code') };
    },
    async encryptedPhone(openid, phoneNumber, countryCode) {
      const body = await call('POST', 'encrypted-phone', { openid, phoneNumber, ...(countryCode ? { countryCode } : {}) });
      return { encryptedData: field(body, 'encryptedData'), iv: field(body, 'iv') };
    },
    async sessionValid(openid) {
      const body = await call('GET', `session/${encodeURIComponent(openid)}`);
      return typeof body === 'object' && body !== null && (body as { valid?: unknown }).valid === true;
    },
  };
}
