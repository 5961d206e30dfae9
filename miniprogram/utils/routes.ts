/** Page URLs, as listed in app.json. */
export const HOME_PAGE_URL = '/pages/index/index';
export const AUTH_PAGE_URL = '/pages/auth/auth';
export const UCENTER_PAGE_URL = '/pages/ucenter/ucenter';
