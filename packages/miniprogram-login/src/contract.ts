/**
 * The default backend's HTTP contract (this project's companion server, docs/contract.md) as the client
 * sees it. test/unit/contract-types.test.ts holds these types to the repository's typings/contract.d.ts.
 */

/** A user as the default backend answers it. */
export interface User {
  id: number;
  /** null until the user fills in a profile. */
  nickName: string | null;
  /** Absolute URL. */
  avatarUrl: string | null;
  /** The user's own number, e.g. "13800138000". */
  phoneNumber: string | null;
  /** e.g. "86". */
  countryCode: string | null;
  /** ISO 8601 date-time. */
  createdAt: string;
}

/** The default backend's error codes (`{error: {code, message}}` bodies). */
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

/** `POST /api/auth/login` answer. */
export interface LoginResponse {
  token: string;
  /** ISO 8601 date-time. */
  expiresAt: string;
  user: User;
  isNew: boolean;
}

/** `PATCH /api/user/me`: an absent field stays as it is, `null` clears it. */
export interface UpdateMeRequest {
  nickName?: string | null;
  avatarUrl?: string | null;
}

/** `POST /api/user/avatar` answer. */
export interface AvatarResponse {
  avatarUrl: string;
}

/** `POST /api/user/phone`: the getPhoneNumber code, or the legacy encrypted data of old base libraries. */
export type BindPhoneRequest = { code: string } | { encryptedData: string; iv: string };

/** `GET /api/health` answer. */
export interface HealthResponse {
  status: 'ok';
}
