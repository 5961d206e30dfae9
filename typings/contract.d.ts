/**
 * The client/server HTTP contract (docs/contract.md) as TypeScript types.
 * The server's OpenAPI document is generated from its route schemas; test/server checks these types
 * against it, so the two cannot drift apart silently.
 */

/** ISO 8601 date-time string. */
export type IsoDateTime = string;

export interface User {
  id: number;
  /** null until the user fills in a profile; emoji allowed, 1..32 characters. */
  nickName: string | null;
  /** Absolute URL. */
  avatarUrl: string | null;
  /** The user's own number, unmasked, e.g. "13800138000". */
  phoneNumber: string | null;
  /** e.g. "86". */
  countryCode: string | null;
  createdAt: IsoDateTime;
}

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_CODE'
  | 'DECRYPT_FAILED'
  | 'UNAUTHORIZED'
  | 'RISKY_USER'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA'
  | 'RATE_LIMITED'
  | 'WECHAT_ERROR'
  | 'WECHAT_UNAVAILABLE';

/** Body of every non-2xx response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** POST /api/auth/login */
export interface LoginRequest {
  code: string;
  /**
   * The mini-program's own AppID (`wx.getAccountInfoSync().miniProgram.appId`), so that one server can serve
   * several mini-programs. Absent: the server's default app.
   */
  appid?: string;
}
export interface LoginResponse {
  token: string;
  expiresAt: IsoDateTime;
  user: User;
  isNew: boolean;
}

/** PATCH /api/user/me: an absent field is left as it is, `null` clears it. */
export interface UpdateMeRequest {
  nickName?: string | null;
  avatarUrl?: string | null;
}

/** POST /api/user/avatar (multipart/form-data, field `file`) */
export interface AvatarResponse {
  avatarUrl: string;
}

/** POST /api/user/phone: the new flow sends a code, old base libraries the legacy encrypted data. */
export interface BindPhoneCodeRequest {
  code: string;
}
export interface BindPhoneLegacyRequest {
  encryptedData: string;
  iv: string;
}
export type BindPhoneRequest = BindPhoneCodeRequest | BindPhoneLegacyRequest;

/**
 * DELETE /api/user/phone: clears the bound phone number; answers 200 with the `User`.
 * DELETE /api/user/me: deletes the account (every token, the avatar files); answers 204 with no body.
 */

/** GET /api/health */
export interface HealthResponse {
  status: 'ok';
}
