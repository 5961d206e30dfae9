/**
 * The package carries its own copy of the default backend's types (it ships without this repository);
 * typecheck holds each to typings/contract.d.ts, the form test/server holds to the OpenAPI document.
 */
import type * as Package from 'miniprogram-login';
import type * as Contract from '../../typings/contract';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const same: Record<string, boolean> = {
  User: true satisfies Same<Package.User, Contract.User>,
  ErrorCode: true satisfies Same<Package.ErrorCode, Contract.ErrorCode>,
  LoginResponse: true satisfies Same<Package.LoginResponse, Contract.LoginResponse>,
  UpdateMeRequest: true satisfies Same<Package.UpdateMeRequest, Contract.UpdateMeRequest>,
  AvatarResponse: true satisfies Same<Package.AvatarResponse, Contract.AvatarResponse>,
  BindPhoneRequest: true satisfies Same<Package.BindPhoneRequest, Contract.BindPhoneRequest>,
  HealthResponse: true satisfies Same<Package.HealthResponse, Contract.HealthResponse>,
};

test('the package’s contract types are the repository’s (checked by tsc; listed here so a new one is not forgotten)', () => {
  expect(Object.keys(same).sort()).toEqual(['AvatarResponse', 'BindPhoneRequest', 'ErrorCode', 'HealthResponse', 'LoginResponse', 'UpdateMeRequest', 'User']);
});
