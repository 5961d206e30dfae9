/** HTTP headers as wx hands them over: a plain object of strings, names in whatever case the app wrote them. */
import { asOptions } from './callbacks';

export function headersToObject(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, key) => {
    result[key] = value;
  });
  return result;
}

export function stringHeaders(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, header] of Object.entries(asOptions(value))) {
    if (header !== undefined && header !== null) result[key] = String(header);
  }
  return result;
}

export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
