import { CONTRACT_ERROR_CODES } from './errors';

/**
 * The contract's types as JSON schemas. Each is registered with Fastify under its `$id`, referenced by the
 * routes, and becomes a component of the OpenAPI document under the same name as in typings/contract.d.ts.
 */
export const userSchema = {
  $id: 'User',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'nickName', 'avatarUrl', 'phoneNumber', 'countryCode', 'createdAt'],
  properties: {
    id: { type: 'integer' },
    nickName: { type: ['string', 'null'], description: 'null until the user fills in a profile; 1..32 characters' },
    avatarUrl: { type: ['string', 'null'], description: 'absolute URL' },
    phoneNumber: { type: ['string', 'null'], description: 'the unmasked number, e.g. 13800138000' },
    countryCode: { type: ['string', 'null'], description: 'e.g. 86' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const errorBodySchema = {
  $id: 'ErrorBody',
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [...CONTRACT_ERROR_CODES] },
        message: { type: 'string' },
      },
    },
  },
} as const;

/**
 * A code from wx.login or getPhoneNumber: printable ASCII (DevTools' tourist code has spaces), nothing that
 * could break a log line or a query string.
 */
const wechatCode = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[ -~]+$' } as const;

/** Standard base64 with its padding, as WeChat sends it. */
const BASE64 = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';

export const loginRequestSchema = {
  $id: 'LoginRequest',
  type: 'object',
  additionalProperties: false,
  required: ['code'],
  properties: {
    code: { ...wechatCode, description: 'from wx.login' },
    appid: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[!-~]+$', description: "the mini-program's own AppID; absent: the server's default app" },
  },
} as const;

export const loginResponseSchema = {
  $id: 'LoginResponse',
  type: 'object',
  additionalProperties: false,
  required: ['token', 'expiresAt', 'user', 'isNew'],
  properties: {
    token: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
    user: { $ref: 'User#' },
    isNew: { type: 'boolean' },
  },
} as const;

/**
 * Anywhere in a nickname: no control characters (PostgreSQL text cannot even hold NUL), no lone surrogates,
 * no bidirectional embeddings, overrides or isolates (U+202A..E, U+2066..9: they reorder the text shown
 * after the name). ZWJ, variation selectors and marks stay allowed: emoji sequences and accents need them.
 */
const NICKNAME_CHAR = '[^\\p{Cc}\\p{Cs}\\u202A-\\u202E\\u2066-\\u2069]';
/**
 * At least one visible character: a letter, number, punctuation or symbol that is not default-ignorable
 * (which covers format characters such as U+200B, U+00AD, U+2060, U+FEFF, and the Hangul fillers U+115F,
 * U+1160, U+3164, U+FFA0) and not the Braille blank U+2800. Spaces, marks alone and format characters alone
 * are not a name.
 */
const VISIBLE_CHAR = '(?![\\p{Default_Ignorable_Code_Point}\\u2800])[\\p{L}\\p{N}\\p{P}\\p{S}]';
export const NICKNAME_PATTERN = `^${NICKNAME_CHAR}*${VISIBLE_CHAR}${NICKNAME_CHAR}*$`;

export const updateMeRequestSchema = {
  $id: 'UpdateMeRequest',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    // Lengths count code points, so an emoji is one character; null clears it.
    nickName: { type: ['string', 'null'], minLength: 1, maxLength: 32, pattern: NICKNAME_PATTERN },
    avatarUrl: {
      type: ['string', 'null'],
      maxLength: 1024,
      pattern: '^https?://[^\\s/?#\\p{Cc}\\p{Cs}]+(?:[/?#][^\\s\\p{Cc}\\p{Cs}]*)?$',
      description: 'absolute URL; null clears it (and deletes the stored file when it is one of this server\'s uploads)',
    },
  },
} as const;

export const avatarResponseSchema = {
  $id: 'AvatarResponse',
  type: 'object',
  additionalProperties: false,
  required: ['avatarUrl'],
  properties: { avatarUrl: { type: 'string', description: 'absolute URL' } },
} as const;

export const bindPhoneRequestSchema = {
  $id: 'BindPhoneRequest',
  description: 'the new flow sends a code; old base libraries the legacy encryptedData and iv',
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['code'],
      properties: { code: wechatCode },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['encryptedData', 'iv'],
      properties: {
        encryptedData: { type: 'string', minLength: 4, maxLength: 4096, pattern: BASE64, description: 'base64 AES-128-CBC ciphertext' },
        iv: { type: 'string', pattern: '^[A-Za-z0-9+/]{22}==$', description: 'base64 of 16 bytes' },
      },
    },
  ],
} as const;

export const healthResponseSchema = {
  $id: 'HealthResponse',
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
} as const;

const { $id: _sharedId, ...errorShape } = errorBodySchema;
/**
 * The contract's error body with the code UNAVAILABLE (outside the contract's table, like NOT_FOUND): /api/health
 * and a push being handled elsewhere answer 503 with it.
 */
export function unavailableBody(description: string) {
  return {
    ...errorShape,
    description,
    properties: {
      error: {
        ...errorShape.properties.error,
        properties: { ...errorShape.properties.error.properties, code: { type: 'string', enum: ['UNAVAILABLE'] } },
      },
    },
  } as const;
}

export const sharedSchemas = [
  userSchema,
  errorBodySchema,
  loginRequestSchema,
  loginResponseSchema,
  updateMeRequestSchema,
  avatarResponseSchema,
  bindPhoneRequestSchema,
  healthResponseSchema,
];

export const ref = (id: string): { $ref: string } => ({ $ref: `${id}#` });

/** OpenAPI's mark on a route that needs the bearer token from login. */
export const authed = { security: [{ bearer: [] }] };

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'INVALID_INPUT, INVALID_CODE or DECRYPT_FAILED',
  401: 'UNAUTHORIZED',
  403: 'RISKY_USER',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA',
  429: 'RATE_LIMITED',
  502: 'WECHAT_ERROR',
  503: 'WECHAT_UNAVAILABLE',
};

/** Response schemas for the error statuses a route can answer with. */
export function errorResponses(...statuses: number[]): Record<number, { description: string; $ref: string }> {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: ERROR_DESCRIPTIONS[status] ?? 'error', ...ref('ErrorBody') }]),
  );
}
