import { RequestError } from 'miniprogram-login';
import { describeError, errorTitle, isRetryable, isServerTrouble } from 'miniprogram-login/messages';

describe('RequestError', () => {
  test('carries kind, status and contract code, and is an Error', () => {
    const error = new RequestError('http', 'flagged', { statusCode: 403, code: 'RISKY_USER' });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'RequestError', kind: 'http', statusCode: 403, code: 'RISKY_USER', message: 'flagged' });
    expect(new RequestError('network', 'down')).toMatchObject({ statusCode: null, code: null });
  });
});

describe('describeError', () => {
  test.each([
    [new RequestError('network', 'x'), '连不上服务器'],
    [new RequestError('offline', 'x'), '检查网络'],
    [new RequestError('timeout', 'x'), '超时'],
    [new RequestError('login', 'x'), '微信登录失败'],
    [new RequestError('unauthorized', 'x', { statusCode: 401, code: 'UNAUTHORIZED' }), '登录已失效'],
    [new RequestError('parse', 'x', { statusCode: 200 }), '无法识别'],
    [new RequestError('http', 'x', { statusCode: 400, code: 'INVALID_CODE' }), '授权已失效'],
    [new RequestError('http', 'x', { statusCode: 400, code: 'DECRYPT_FAILED' }), '解密失败'],
    [new RequestError('http', 'x', { statusCode: 403, code: 'RISKY_USER' }), '风险'],
    [new RequestError('http', 'x', { statusCode: 413, code: 'PAYLOAD_TOO_LARGE' }), '过大'],
    [new RequestError('http', 'x', { statusCode: 415, code: 'UNSUPPORTED_MEDIA' }), '格式'],
    [new RequestError('http', 'x', { statusCode: 429, code: 'RATE_LIMITED' }), '频繁'],
    [new RequestError('http', 'x', { statusCode: 503, code: 'WECHAT_UNAVAILABLE' }), '繁忙'],
    [new RequestError('http', 'x', { statusCode: 500 }), '服务暂时不可用（500）'],
    [new RequestError('http', 'x', { statusCode: 404, code: 'SOMETHING_NEW' }), '404'],
    [{ errMsg: 'getUserProfile:fail auth deny' }, '取消'],
    [{ errMsg: 'request:fail timeout' }, '超时'],
    [new Error('anything'), '操作失败'],
    ['a string', '操作失败'],
    [null, '操作失败'],
  ])('%p reads as Chinese text containing %s', (error, expected) => {
    expect(describeError(error)).toContain(expected);
  });
});

test('only a device without network is told to check the network', () => {
  const serverSide = [
    new RequestError('network', 'request:fail connect ECONNREFUSED'),
    new RequestError('timeout', 'request:fail timeout'),
    new RequestError('http', 'x', { statusCode: 502 }),
    new RequestError('http', 'x', { statusCode: 503, code: 'WECHAT_UNAVAILABLE' }),
  ];
  for (const error of serverSide) {
    expect(describeError(error)).not.toContain('网络');
    expect(isServerTrouble(error)).toBe(true);
    expect(errorTitle(error)).toBe('服务暂时不可用');
  }
  const offline = new RequestError('offline', 'request:fail errcode:-106');
  expect(isServerTrouble(offline)).toBe(false);
  expect(isRetryable(offline)).toBe(true);
  expect(errorTitle(offline)).toBe('网络未连接');
});

test('errors the user must fix first are not offered a retry', () => {
  expect(isRetryable(new RequestError('http', 'x', { statusCode: 415, code: 'UNSUPPORTED_MEDIA' }))).toBe(false);
  expect(isRetryable(new RequestError('http', 'x', { statusCode: 400, code: 'INVALID_CODE' }))).toBe(false);
  expect(isRetryable(new RequestError('http', 'x', { statusCode: 429, code: 'RATE_LIMITED' }))).toBe(true);
  expect(isRetryable({ errMsg: 'request:fail' })).toBe(false);
  expect(errorTitle(new RequestError('login', 'login:fail'))).toBe('登录失败');
  expect(errorTitle(new RequestError('http', 'x', { statusCode: 400, code: 'INVALID_INPUT' }))).toBe('加载失败');
});
