import { suiteFactory } from './support/harness';

describe('start-up configuration', () => {
  const suite = suiteFactory('sqlite');

  test.each([
    ['only WECHAT_APPID (not a silent fallback to the emulator)', { env: { WECHAT_APPID: 'wx0000000000000000' } }, /WECHAT_APPID and WECHAT_SECRET/],
    ['only WECHAT_SECRET', { env: { WECHAT_SECRET: 'secret' } }, /WECHAT_APPID and WECHAT_SECRET/],
    ['a PUBLIC_URL that is not absolute', { env: { PUBLIC_URL: 'api.example.com' } }, /PUBLIC_URL/],
    ['a DATABASE_URL that is not PostgreSQL (not a silent fallback to SQLite)', { databaseUrl: 'mysql://localhost/app' }, /DATABASE_URL/],
    ['WECHAT_APPS that is not JSON', { env: { WECHAT_APPS: '[{appid' } }, /WECHAT_APPS.*not JSON/],
    ['an empty WECHAT_APPS', { env: { WECHAT_APPS: '[]' } }, /WECHAT_APPS/],
    ['an entry without a secret', { env: { WECHAT_APPS: '[{"appid":"wx1"}]' } }, /WECHAT_APPS.*wx1/],
    ['an entry with an unknown field', { env: { WECHAT_APPS: '[{"appid":"wx1","secret":"s","token":"t"}]' } }, /WECHAT_APPS/],
    ['a duplicate AppID', { env: { WECHAT_APPS: '[{"appid":"wx1","secret":"s"},{"appid":"wx1","secret":"t"}]' } }, /wx1 appears twice/],
    ['both forms at once', { env: { WECHAT_APPS: '[{"appid":"wx1","secret":"s"}]', WECHAT_APPID: 'wx2', WECHAT_SECRET: 's' } }, /not both/],
    ['LINK_BY_UNIONID that is not a boolean', { env: { LINK_BY_UNIONID: 'yes' } }, /LINK_BY_UNIONID/],
    ['an EncodingAESKey of the wrong length', { env: { WECHAT_PUSH_TOKEN: 'token123', WECHAT_PUSH_AES_KEY: 'short' } }, /WECHAT_PUSH_AES_KEY/],
    ['an EncodingAESKey with other characters', { env: { WECHAT_PUSH_TOKEN: 'token123', WECHAT_PUSH_AES_KEY: `${'a'.repeat(42)}+` } }, /WECHAT_PUSH_AES_KEY/],
    ['an EncodingAESKey without a token', { env: { WECHAT_PUSH_AES_KEY: 'a'.repeat(43) } }, /WECHAT_PUSH_TOKEN/],
    ['a token WeChat would not take', { env: { WECHAT_PUSH_TOKEN: 'no spaces allowed' } }, /WECHAT_PUSH_TOKEN/],
  ])('refuses %s', async (_name, options, message) => {
    await expect(suite.factory.start(options)).rejects.toThrow(message);
  });
});
