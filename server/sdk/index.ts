/**
 * The WeChat side of mini-program login, for any Node backend: no Fastify, no database. The companion
 * server's routes use these same modules; a team's Express, Koa or plain `http` handler can too.
 */
export { createWechatClient } from '../wechat/client';
export type { WechatClient, WechatClientDeps, WechatPhone, WechatSession } from '../wechat/client';
export { createWechatApps } from '../apps';
export type { WechatApps } from '../apps';
export { createAccessTokens, createMemoryAccessTokenCache } from '../wechat/access-token';
export type { AccessTokenCache, AccessTokens, AccessTokensDeps, CachedAccessToken, FetchedAccessToken } from '../wechat/access-token';
export { createRedisAccessTokenCache } from '../redis/access-token-cache';
export type { RedisAccessTokenCacheDeps } from '../redis/access-token-cache';
export { createRedisReplayGuard } from '../redis/replay-guard';
export type { RedisReplayGuardDeps } from '../redis/replay-guard';
export { decryptWechatData, encryptWechatData, readPhonePlaintext } from '../wechat/decrypt';
export type { PhonePlaintext } from '../wechat/decrypt';
export {
  decryptPushMessage,
  encryptPushMessage,
  parseEncodingAesKey,
  PushCryptoError,
  sha1Signature,
  signatureMatches,
} from '../wechat/push-crypto';
export { createPushReceiver, createReplayGuard, PUSH_MAX_SKEW_SECONDS, REPLAY_CLAIM_TTL_MS, REPLAY_WINDOW_MS, sealPush } from '../wechat/push';
export type { OpenedPush, PushConfig, PushMessage, PushQuery, PushReceiver, ReplayClaim, ReplayGuard, ReplayGuardTimes } from '../wechat/push';
export {
  isWechatFailure,
  toApiError,
  WechatBadResponseError,
  WechatDecryptError,
  WechatErrcodeError,
  WechatUnavailableError,
} from '../wechat/errors';
export type { WechatFailure } from '../wechat/errors';
export { ApiError, CONTRACT_ERROR_CODES, errorBody, unauthorized } from '../errors';
export type { ContractErrorCode, ErrorBody, ErrorCode } from '../errors';
export { bearerTokenOf, hashToken, newBearerToken } from '../bearer-token';
