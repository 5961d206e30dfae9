/** A page's full-page error state (heading, text, 重试), the same on every page. */
import { describeError, errorTitle } from 'miniprogram-login/messages';

export interface ErrorView {
  status: 'error';
  errorTitle: string;
  errorText: string;
}

export function errorView(error: unknown): ErrorView {
  return { status: 'error', errorTitle: errorTitle(error), errorText: describeError(error) };
}
