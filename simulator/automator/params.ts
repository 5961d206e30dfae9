/** Readers for request params that fail with a message naming the method and the field. */
import { isRecord, ProtocolError, type Params } from './protocol';

export class ParamReader {
  constructor(
    private readonly method: string,
    readonly params: Params,
  ) {}

  private fail(key: string, expected: string): never {
    throw new ProtocolError(`${this.method}: params.${key} must be ${expected}`);
  }

  string(key: string): string {
    const value = this.params[key];
    if (typeof value !== 'string' || value === '') this.fail(key, 'a non-empty string');
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.params[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') this.fail(key, 'a string');
    return value;
  }

  number(key: string): number {
    const value = this.params[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(key, 'a number');
    return value;
  }

  record(key: string): Record<string, unknown> {
    const value = this.params[key];
    if (!isRecord(value)) this.fail(key, 'an object');
    return value;
  }

  /** Absent means none (the client sends `[]` by default, `null` for an explicit undefined). */
  array(key: string): unknown[] {
    const value = this.params[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(key, 'an array');
    return value;
  }

  strings(key: string): string[] {
    const value = this.params[key];
    if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
      this.fail(key, 'an array of strings');
    }
    return value;
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.params, key);
  }
}
