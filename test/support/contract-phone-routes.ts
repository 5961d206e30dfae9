/**
 * The contract's phone routes (`POST` / `DELETE /api/user/phone`) and what a test mints for them:
 * single-use getPhoneNumber codes and legacy `{ encryptedData, iv }` pairs, each standing for a number.
 */
import { authed } from './contract-auth-routes';
import { phoneBody } from './contract-input';
import { nextSequence, updateUser, type ContractStore } from './contract-store';
import { errorResponse, json, type FakeServer } from './fake-server';

interface Phone {
  phoneNumber: string;
  countryCode: string;
}

export interface PhoneControls {
  issuePhoneCode(phoneNumber: string, countryCode?: string): string;
  issueEncryptedPhone(phoneNumber: string, countryCode?: string): { encryptedData: string; iv: string };
}

export function phoneRoutes(server: FakeServer, store: ContractStore): PhoneControls {
  const phoneCodes = new Map<string, Phone>();
  const encryptedPhones = new Map<string, Phone>();
  server
    .route(
      'POST',
      '/api/user/phone',
      authed(store, (user, request) => {
        const body = phoneBody(request.data);
        if (body === null) return errorResponse(400, 'INVALID_INPUT', 'body must be { code } or { encryptedData, iv }');
        if ('code' in body) {
          const phone = phoneCodes.get(body.code);
          if (phone === undefined) return errorResponse(400, 'INVALID_CODE', 'invalid or used phone code');
          phoneCodes.delete(body.code);
          return json(200, updateUser(store, user, phone));
        }
        const phone = encryptedPhones.get(`${body.encryptedData}|${body.iv}`);
        if (phone === undefined) return errorResponse(400, 'DECRYPT_FAILED', 'could not decrypt');
        return json(200, updateUser(store, user, phone));
      }),
    )
    .route(
      'DELETE',
      '/api/user/phone',
      authed(store, (user) => json(200, updateUser(store, user, { phoneNumber: null, countryCode: null }))),
    );
  return {
    issuePhoneCode: (phoneNumber, countryCode = '86') => {
      const code = `phone-code-${nextSequence(store)}`;
      phoneCodes.set(code, { phoneNumber, countryCode });
      return code;
    },
    issueEncryptedPhone: (phoneNumber, countryCode = '86') => {
      const encryptedData = `encrypted-${nextSequence(store)}`;
      const iv = `iv-${nextSequence(store)}`;
      encryptedPhones.set(`${encryptedData}|${iv}`, { phoneNumber, countryCode });
      return { encryptedData, iv };
    },
  };
}
