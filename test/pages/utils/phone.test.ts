import { classifyPhoneDetail, PHONE_QUOTA_ERRNO } from '../../../miniprogram/utils/phone';

describe('classifyPhoneDetail', () => {
  test('ok with a code: the new flow', () => {
    expect(classifyPhoneDetail({ errMsg: 'getPhoneNumber:ok', code: 'c1', encryptedData: 'e', iv: 'i' })).toEqual({
      kind: 'ok-code',
      request: { code: 'c1' },
    });
  });

  test('ok without a code (old base library): the legacy encrypted data', () => {
    expect(classifyPhoneDetail({ errMsg: 'getPhoneNumber:ok', encryptedData: 'e', iv: 'i' })).toEqual({
      kind: 'ok-legacy',
      request: { encryptedData: 'e', iv: 'i' },
    });
    expect(classifyPhoneDetail({ errMsg: 'getPhoneNumber:ok', code: '', encryptedData: 'e', iv: 'i' }).kind).toBe('ok-legacy');
  });

  test.each([
    'getPhoneNumber:fail user deny',
    'getPhoneNumber:fail:user deny',
    'getPhoneNumber:fail privacy permission is not authorized',
    'getPhoneNumber:fail',
  ])('%s is a quiet cancel', (errMsg) => {
    expect(classifyPhoneDetail({ errMsg, code: 'ignored' })).toEqual({ kind: 'cancel' });
  });

  test('errno 1400001 is the used-up quota', () => {
    expect(PHONE_QUOTA_ERRNO).toBe(1400001);
    expect(classifyPhoneDetail({ errMsg: 'getPhoneNumber:fail no permission', errno: 1400001 })).toEqual({ kind: 'quota' });
  });

  test('ok with nothing usable', () => {
    expect(classifyPhoneDetail({ errMsg: 'getPhoneNumber:ok' })).toEqual({ kind: 'unusable' });
    expect(classifyPhoneDetail({ errMsg: 'getPhoneNumber:ok', encryptedData: 'e' })).toEqual({ kind: 'unusable' });
  });
});
