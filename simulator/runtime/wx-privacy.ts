/** wx's privacy APIs (base library ≥ 2.32.3) over the device's privacy gate. */
import { ApiFailure } from './callbacks';
import type { PrivacyListener } from './privacy';
import type { WxTable } from './wx';
import { ok, type WxKit } from './wx-kit';

export function privacyApis({ deps, api }: WxKit): WxTable {
  const { privacy } = deps;
  return {
    onNeedPrivacyAuthorization: (listener: unknown) => {
      if (typeof listener !== 'function') throw new Error('onNeedPrivacyAuthorization: listener must be a function');
      privacy.onNeed(listener as PrivacyListener);
    },
    requirePrivacyAuthorize: api('requirePrivacyAuthorize', async () => {
      if (!(await privacy.require('requirePrivacyAuthorize'))) throw new ApiFailure('requirePrivacyAuthorize:fail privacy permission is not authorized', 104);
      return ok('requirePrivacyAuthorize');
    }),
    getPrivacySetting: api('getPrivacySetting', async () =>
      ok('getPrivacySetting', { needAuthorization: privacy.needAuthorization, privacyContractName: '《小程序隐私保护指引》' }),
    ),
    openPrivacyContract: api('openPrivacyContract', async () => ok('openPrivacyContract')),
  };
}
