/** Kept out of the OpenAPI document: the emulator is not part of the server's contract. */
export const hidden = { hide: true } as const;
/** Real openids are base64url-like; printable ASCII without spaces keeps them safe in a path and a database. */
export const openidField = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[!-~]+$' } as const;
