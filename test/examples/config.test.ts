import { serveExample } from '../../examples/shared/serve';
import { createNodeHandler } from '../../examples/node-http/app';

describe("an example's configuration", () => {
  test('without WECHAT_APPID and WECHAT_SECRET it refuses to start, saying what to set', async () => {
    await expect(serveExample(0, createNodeHandler, { WECHAT_APPID: 'wx-only-the-appid', PORT: '0' })).rejects.toThrow(
      'set WECHAT_APPID and WECHAT_SECRET',
    );
  });
});
