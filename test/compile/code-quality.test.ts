/**
 * DevTools' code-quality audit (代码质量, miniprogram-ci checkCodeQuality, offline) of the project: every
 * item passes or is waived, with its reason, in code-quality-waivers.ts.
 */
import * as path from 'path';
import { checkCodeQuality, type QualityItem } from '../../simulator/wechat-tools/code-quality';
import { CODE_QUALITY_WAIVERS } from './code-quality-waivers';

jest.setTimeout(120_000);

const projectRoot = path.resolve(__dirname, '..', '..');

let items: QualityItem[];

beforeAll(async () => {
  items = await checkCodeQuality(projectRoot);
});

it('runs the whole audit (package size, compression, lazy code loading, unused code and components)', () => {
  expect(items.map((item) => item.name)).toEqual(
    expect.arrayContaining(['PACKAGE_SIZE_LIMIT', 'JS_COMPRESS_OPEN', 'WXML_COMPRESS_OPEN', 'WXSS_COMPRESS_OPEN', 'LAZYCODE_LOADING_OPEN', 'CONTAINS_UNUSED_CODES', 'CONTAINS_UNUSED_COMPONENTS']),
  );
});

it('every item passes or is waived with a reason', () => {
  const unwaived = items.filter((item) => !item.success && !CODE_QUALITY_WAIVERS[item.name]);
  expect(unwaived.map((item) => ({ name: item.name, text: item.text, detail: item.detail, docURL: item.docURL }))).toEqual([]);
});

it('every waiver is still needed: its item exists and fails', () => {
  const failing = new Set(items.filter((item) => !item.success).map((item) => item.name));
  expect(Object.keys(CODE_QUALITY_WAIVERS).filter((name) => !failing.has(name))).toEqual([]);
});
