import { describeError, isRequestError, RequestError } from '../../miniprogram/core/errors';

describe('RequestError', () => {
  test('carries kind, status and contract code, and is an Error', () => {
    const error = new RequestError('http', 'flagged', { statusCode: 403, code: 'RISKY_USER' });
    expect(error).toBeInstanceOf(Error);
    expect(isRequestError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'RequestError', kind: 'http', statusCode: 403, code: 'RISKY_USER', message: 'flagged' });
    expect(new RequestError('network', 'down')).toMatchObject({ statusCode: null, code: null });
  });
});

describe('describeError', () => {
  test.each([
    [new RequestError('network', 'x'), '网络'],
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
    [new RequestError('http', 'x', { statusCode: 500 }), '服务器'],
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
