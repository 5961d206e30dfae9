/** 用户协议 and 隐私政策: the texts of content/agreements.ts, by `?doc=`. */
import { AGREEMENTS } from '../../miniprogram/content/agreements';
import { openPage } from './support/harness';

afterEach(() => {
  document.body.innerHTML = '';
});

test.each([
  ['terms', '3.7.0'],
  ['privacy', '3.7.0'],
  ['privacy', '2.10.0'],
] as const)('%s on %s: title, date and every section of content/agreements.ts; the bar says the title', async (doc, sdkVersion) => {
  const page = openPage('agreement', { query: { doc }, sdkVersion });
  const agreement = AGREEMENTS[doc];
  await page.untilText(agreement.title, '#article-title');
  expect(page.text()).toContain(agreement.effectiveDate);
  for (const section of agreement.sections) {
    expect(page.text()).toContain(section.heading);
    for (const paragraph of section.paragraphs) expect(page.text()).toContain(paragraph);
  }
  expect(page.fake.calls.navigationBarTitle).toEqual([agreement.title]);
  expect(page.fake.calls.network).toHaveLength(0);
});

test('the privacy policy names what is collected and how to remove it', async () => {
  const page = openPage('agreement', { query: { doc: 'privacy' } });
  await page.untilExists('#article');
  for (const word of ['头像', '昵称', '手机号', '注销账号', '清除']) expect(page.text()).toContain(word);
});

test('an unknown document: says so and leads back', async () => {
  const page = openPage('agreement', { query: { doc: 'nonsense' } });
  await page.untilExists('#state-not-found');
  page.tap('#btn-back');
  await page.until(() => page.fake.calls.navigation.length === 1, 'navigateBack');
  expect(page.fake.calls.navigation[0]).toEqual({ api: 'navigateBack', delta: 1 });
});
