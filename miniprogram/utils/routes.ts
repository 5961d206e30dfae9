/** Page URLs, as listed in app.json. */
import type { AgreementDoc } from '../content/agreements';

export const HOME_PAGE_URL = '/pages/index/index';
export const AUTH_PAGE_URL = '/pages/auth/auth';
export const UCENTER_PAGE_URL = '/pages/ucenter/ucenter';
export const DELETE_ACCOUNT_PAGE_URL = '/pages/delete-account/delete-account';
/** Home after an account deletion: it says the account is gone instead of a bare 你还未登录. */
export const HOME_AFTER_DELETION_URL = `${HOME_PAGE_URL}?deleted=1`;

export function agreementUrl(doc: AgreementDoc): string {
  return `/pages/agreement/agreement?doc=${doc}`;
}
