import { serverFactory, type ServerFactory } from './support/harness';

describe('start-up configuration', () => {
  let factory: ServerFactory;

  beforeAll(async () => {
    factory = await serverFactory('sqlite');
  });
  afterAll(async () => {
    await factory.dispose();
  });

  test.each([
    ['only WECHAT_APPID (not a silent fallback to the emulator)', { env: { WECHAT_APPID: 'wx0000000000000000' } }, /WECHAT_APPID and WECHAT_SECRET/],
    ['only WECHAT_SECRET', { env: { WECHAT_SECRET: 'secret' } }, /WECHAT_APPID and WECHAT_SECRET/],
    ['a PUBLIC_URL that is not absolute', { env: { PUBLIC_URL: 'api.example.com' } }, /PUBLIC_URL/],
    ['a DATABASE_URL that is not PostgreSQL (not a silent fallback to SQLite)', { databaseUrl: 'mysql://localhost/app' }, /DATABASE_URL/],
  ])('refuses %s', async (_name, options, message) => {
    await expect(factory.start(options)).rejects.toThrow(message);
  });
});
