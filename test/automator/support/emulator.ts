/** The WeChat emulator's control API over fetch: what a test needs to play WeChat's part. */
async function post(url: string, body: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

function field(value: unknown, key: string): string {
  const found: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
  if (typeof found !== 'string') throw new Error(`emulator reply has no ${key}`);
  return found;
}

/** A getPhoneNumber `code` (new flow) for this user and number. */
export async function phoneCode(emulatorUrl: string, openid: string, phoneNumber: string): Promise<string> {
  return field(await post(`${emulatorUrl}/control/phone-code`, { openid, phoneNumber }), 'code');
}

/** Legacy getPhoneNumber data, encrypted with the user's current session_key. */
export async function encryptedPhone(
  emulatorUrl: string,
  openid: string,
  phoneNumber: string,
): Promise<{ encryptedData: string; iv: string }> {
  const reply = await post(`${emulatorUrl}/control/encrypted-phone`, { openid, phoneNumber });
  return { encryptedData: field(reply, 'encryptedData'), iv: field(reply, 'iv') };
}
