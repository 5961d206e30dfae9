/**
 * Translation between wx.request / wx.uploadFile options and the FakeServer's terms: what a call
 * looks like as a FakeRequest, and what its callbacks receive for an outcome. Pure, so the
 * network fake only has to schedule.
 */
import { isFailure, type FakeOutcome, type FakeRequest, type NetworkApi } from './fake-server';

export type NetworkOption = WechatMiniprogram.RequestOption | WechatMiniprogram.UploadFileOption;

function parseUrl(url: string): { path: string; query: Record<string, string> } {
  const parsed = new URL(url, 'http://fake.invalid');
  const query: Record<string, string> = {};
  parsed.searchParams.forEach((value, key) => {
    query[key] = value;
  });
  return { path: parsed.pathname, query };
}

function stringHeader(header: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof header !== 'object' || header === null) return result;
  for (const [key, value] of Object.entries(header)) result[key] = String(value);
  return result;
}

/** What WeChat would hand to success() for a request with dataType json. */
function requestBodyFor(data: unknown): unknown {
  if (data === undefined || data === null) return '';
  if (typeof data === 'string') {
    try {
      return JSON.parse(data);
    } catch {
      return data;
    }
  }
  return JSON.parse(JSON.stringify(data));
}

function uploadBodyFor(data: unknown): string {
  if (data === undefined || data === null) return '';
  return typeof data === 'string' ? data : JSON.stringify(data);
}

function copyJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** The call as the server sees it; a POST with X-HTTP-Method-Override is routed as that method. */
export function fakeRequestFor(api: NetworkApi, option: NetworkOption): FakeRequest {
  const header = stringHeader(option.header);
  const wireMethod = api === 'uploadFile' ? 'POST' : ((option as WechatMiniprogram.RequestOption).method ?? 'GET');
  const override = Object.entries(header).find(([key]) => key.toLowerCase() === 'x-http-method-override');
  const { path, query } = parseUrl(option.url);
  const upload = api === 'uploadFile' ? (option as WechatMiniprogram.UploadFileOption) : null;
  return {
    api,
    url: option.url,
    path,
    query,
    wireMethod,
    method: (override && wireMethod === 'POST' ? override[1] : wireMethod).toUpperCase(),
    header,
    data: copyJson(upload ? upload.formData : (option as WechatMiniprogram.RequestOption).data),
    filePath: upload ? upload.filePath : null,
    fileField: upload ? upload.name : null,
    timeout: option.timeout ?? null,
  };
}

/** Calls the option's success/fail and complete with what WeChat hands them for this outcome. */
export function deliverOutcome(api: NetworkApi, option: NetworkOption, outcome: FakeOutcome): void {
  const success = option.success as ((value: unknown) => void) | undefined;
  const fail = option.fail as ((value: unknown) => void) | undefined;
  const complete = option.complete as ((value: unknown) => void) | undefined;
  if (isFailure(outcome)) {
    const failure = { errMsg: outcome.fail.replace(/^request:/, `${api}:`), errno: 600001 };
    fail?.(failure);
    complete?.(failure);
    return;
  }
  const base = { statusCode: outcome.statusCode, header: outcome.header ?? {}, errMsg: `${api}:ok` };
  const result =
    api === 'request'
      ? { ...base, data: requestBodyFor(outcome.data), cookies: [] }
      : { ...base, data: uploadBodyFor(outcome.data) };
  success?.(result);
  complete?.(result);
}
