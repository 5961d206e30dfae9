/**
 * `require('miniprogram-login/messages')`: what went wrong in the user's words (Chinese), for toasts,
 * modals and full-page error states, and whether to offer 重试. An optional entry beside the core: a
 * mini-program that writes its own copy (from a RequestError's `kind`, `code` and `statusCode`) does not
 * download this one.
 */
import { errMsgOf, RequestError, type ErrorCode, type RequestErrorKind } from './index';

const codeText: Record<ErrorCode, string> = {
  INVALID_INPUT: '提交的内容不符合要求，请检查后重试',
  INVALID_CODE: '授权已失效，请重新操作',
  DECRYPT_FAILED: '手机号解密失败，请重新授权',
  UNAUTHORIZED: '登录已失效，请重新登录',
  RISKY_USER: '当前账号存在风险，暂时无法使用',
  PAYLOAD_TOO_LARGE: '内容过大，请选择更小的文件',
  UNSUPPORTED_MEDIA: '不支持该文件格式，请选择 JPG、PNG、WebP 或 GIF 图片',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  WECHAT_ERROR: '微信服务异常，请稍后重试',
  WECHAT_UNAVAILABLE: '微信服务繁忙，请稍后重试',
};

const kindText: Record<RequestErrorKind, string> = {
  network: '暂时连不上服务器，请稍后重试',
  offline: '网络未连接，请检查网络设置后重试',
  timeout: '服务器响应超时，请稍后重试',
  http: '请求失败，请稍后重试',
  unauthorized: '登录已失效，请重新登录',
  login: '微信登录失败，请稍后重试',
  parse: '服务器返回了无法识别的数据，请稍后重试',
};

function isKnownCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(codeText, code);
}

function describeHttp(error: RequestError): string {
  if (error.code !== null && isKnownCode(error.code)) return codeText[error.code];
  if (error.statusCode !== null && error.statusCode >= 500) return `服务暂时不可用（${error.statusCode}），请稍后重试`;
  if (error.statusCode !== null) return `请求失败（${error.statusCode}），请稍后重试`;
  return kindText.http;
}

/** The server could not be reached or failed on its side: the same request may work later. */
export function isServerTrouble(error: unknown): boolean {
  if (!(error instanceof RequestError)) return false;
  if (error.kind === 'network' || error.kind === 'timeout') return true;
  return error.kind === 'http' && error.statusCode !== null && (error.statusCode >= 500 || error.statusCode === 429);
}

/** Worth a 重试 button: nothing the user must change first (a bad file, a refused code) makes it fail again. */
export function isRetryable(error: unknown): boolean {
  return isServerTrouble(error) || (error instanceof RequestError && error.kind === 'offline');
}

/** A heading for a full-page error state: what went wrong, in the user's words. */
export function errorTitle(error: unknown): string {
  if (error instanceof RequestError && error.kind === 'offline') return '网络未连接';
  if (isServerTrouble(error)) return '服务暂时不可用';
  if (error instanceof RequestError && error.kind === 'login') return '登录失败';
  return '加载失败';
}

/** Readable text for a toast or modal, whatever was thrown (a RequestError, a wx fail result, anything). */
export function describeError(error: unknown): string {
  if (error instanceof RequestError) {
    if (error.kind === 'http') return describeHttp(error);
    if (error.code !== null && isKnownCode(error.code)) return codeText[error.code];
    return kindText[error.kind];
  }
  const errMsg = errMsgOf(error);
  if (errMsg !== null) {
    if (/deny|cancel/i.test(errMsg)) return '已取消授权';
    if (/timeout/i.test(errMsg)) return kindText.timeout;
  }
  return '操作失败，请稍后重试';
}
