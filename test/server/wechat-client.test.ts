import { createWechatClient } from '../../server/wechat/client';
import { WechatBadResponseError, WechatUnavailableError } from '../../server/wechat/errors';

type Reply = { status?: number; body: unknown } | Error;

/** A fake fetch that answers from a script and records what it was asked. */
function scriptedFetch(replies: Reply[]) {
  const requests: { url: URL; body: unknown }[] = [];
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    requests.push({ url, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    const reply = replies.shift();
    if (reply === undefined) throw new Error('unexpected request');
    if (reply instanceof Error) throw reply;
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    return new Response(text, { status: reply.status ?? 200 });
  };
  return { fetch: fake as typeof fetch, requests };
}

function client(replies: Reply[]) {
  const scripted = scriptedFetch(replies);
  const wechat = createWechatClient({
    appid: 'wxapp',
    secret: 'sekret',
    baseUrl: () => 'http://wechat.test/',
    timeoutMs: 1000,
    fetch: scripted.fetch,
    now: () => 0,
  });
  return { wechat, requests: scripted.requests };
}

describe('WeChat client', () => {
  test('code2Session sends appid, secret and code, and reads openid, session_key and unionid', async () => {
    const { wechat, requests } = client([{ body: { openid: 'o1', session_key: 'k1', unionid: 'u1' } }]);
    await expect(wechat.code2Session('c1')).resolves.toEqual({ openid: 'o1', sessionKey: 'k1', unionid: 'u1' });
    const url = requests[0]?.url;
    expect(url?.pathname).toBe('/sns/jscode2session');
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      appid: 'wxapp',
      secret: 'sekret',
      js_code: 'c1',
      grant_type: 'authorization_code',
    });
  });

  test('HTTP 5xx and network failures are unavailability, a non-JSON answer an error', async () => {
    await expect(client([{ status: 502, body: 'bad gateway' }]).wechat.code2Session('c')).rejects.toBeInstanceOf(WechatUnavailableError);
    await expect(client([new TypeError('fetch failed')]).wechat.code2Session('c')).rejects.toBeInstanceOf(WechatUnavailableError);
    await expect(client([{ body: '<html>' }]).wechat.code2Session('c')).rejects.toBeInstanceOf(WechatBadResponseError);
    await expect(client([{ body: { openid: 'o' } }]).wechat.code2Session('c')).rejects.toBeInstanceOf(WechatBadResponseError);
  });

  test.each([40001, 40014, 42001])('an access_token refused with %d is replaced with a forced refresh, once', async (errcode) => {
    const { wechat, requests } = client([
      { body: { access_token: 'A1', expires_in: 7200 } },
      { body: { errcode, errmsg: 'access_token refused' } },
      { body: { access_token: 'A2', expires_in: 7200 } },
      { body: { errcode: 0, errmsg: 'ok', phone_info: { purePhoneNumber: '13800138000', countryCode: '86' } } },
    ]);
    await expect(wechat.getPhoneNumber('p1')).resolves.toEqual({ purePhoneNumber: '13800138000', countryCode: '86' });
    expect(requests.map((r) => r.url.pathname)).toEqual([
      '/cgi-bin/stable_token',
      '/wxa/business/getuserphonenumber',
      '/cgi-bin/stable_token',
      '/wxa/business/getuserphonenumber',
    ]);
    expect(requests[2]?.body).toEqual({ grant_type: 'client_credential', appid: 'wxapp', secret: 'sekret', force_refresh: true });
    expect(requests[3]?.url.searchParams.get('access_token')).toBe('A2');
  });
});
