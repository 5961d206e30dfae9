import { displayPhone, maskPhone } from '../../../miniprogram/utils/format';

describe('maskPhone', () => {
  test.each([
    ['13800138000', '138****8000'],
    [' 13800138000 ', '138****8000'],
    ['85291234567', '852****4567'],
    ['91234567', '912*4567'],
    ['1234567', '*****67'],
    ['123', '*23'],
    ['12', '**'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
});

describe('displayPhone', () => {
  test('mainland numbers without a prefix', () => {
    expect(displayPhone('13800138000', '86')).toBe('138****8000');
    expect(displayPhone('13800138000', null)).toBe('138****8000');
  });

  test('other regions with their country code', () => {
    expect(displayPhone('91234567', '852')).toBe('+852 912*4567');
  });
});
