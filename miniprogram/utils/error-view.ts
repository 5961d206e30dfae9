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

/** Where a page that loads its view stands: the loading state, its full-page error, or the view. */
export type LoadStatus = 'loading' | 'error' | 'ready';

/** The data a loading page starts with, before {@link loadPageView} reads its view. */
export const LOADING_VIEW = { status: 'loading' as LoadStatus, errorTitle: '', errorText: '' };

interface LoadingPage {
  setData(data: object): void;
}

/**
 * A page's load: `status: 'loading'`, then the view read with `status: 'ready'`, or the error's full-page view
 * (whose 重试 calls the load again). True when the view was shown.
 */
export async function loadPageView(page: LoadingPage, read: () => Promise<object>): Promise<boolean> {
  page.setData({ status: 'loading', errorText: '' });
  try {
    page.setData({ ...(await read()), status: 'ready' });
    return true;
  } catch (error) {
    page.setData(errorView(error));
    return false;
  }
}
