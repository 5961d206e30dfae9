/**
 * Where the developer server lives. Development builds talk to the companion server on this machine
 * (DevTools: turn off domain checks, project.config.json `setting.urlCheck: false`); trial and release
 * builds need an HTTPS domain that is whitelisted in the mini-program admin console.
 */
import type { EnvVersion } from 'miniprogram-login';

export const DEVELOP_API_BASE_URL = 'http://127.0.0.1:3000';

/** Set this to your own server before uploading a trial or release build. */
export const PRODUCTION_API_BASE_URL = 'https://api.example.com';

/** The base URL per build, as miniprogram-login's `configure({ baseUrl })` takes it. */
export const API_BASE_URLS: Record<EnvVersion, string> = {
  develop: DEVELOP_API_BASE_URL,
  trial: PRODUCTION_API_BASE_URL,
  release: PRODUCTION_API_BASE_URL,
};
