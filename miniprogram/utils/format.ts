/** Display formatting for personal data. */

/** 13800138000 → 138****8000: first three and last four digits stay, the rest is starred. */
export function maskPhone(phoneNumber: string): string {
  const digits = phoneNumber.trim();
  if (digits.length >= 8) {
    return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
  }
  if (digits.length > 2) return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
  return '*'.repeat(digits.length);
}

/** Mainland numbers as they are; others with their country code, e.g. "+852 9****678". */
export function displayPhone(phoneNumber: string, countryCode: string | null): string {
  const masked = maskPhone(phoneNumber);
  return countryCode === null || countryCode === '' || countryCode === '86' ? masked : `+${countryCode} ${masked}`;
}
