/** The develop origin the client's config answers for envVersion 'develop'; rewritten to the real server. */
export const CLIENT_DEVELOP_ORIGIN = 'http://127.0.0.1:3000';

/**
 * Where the developer server is now. A journey may restart the server on another port; requests to the
 * client's develop origin and the emulator's control calls follow it from then on.
 */
export interface ServerAddress {
  url(): string;
  retarget(url: string): void;
  /** A URL the mini-program requested, pointed at the server when it names the develop origin. */
  rewrite(url: string): string;
}

const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');

export function createServerAddress(initial: string): ServerAddress {
  let serverUrl = withoutTrailingSlash(initial);
  return {
    url: () => serverUrl,
    retarget(url) {
      serverUrl = withoutTrailingSlash(url);
    },
    rewrite: (url) => (url.startsWith(CLIENT_DEVELOP_ORIGIN) ? serverUrl + url.slice(CLIENT_DEVELOP_ORIGIN.length) : url),
  };
}
