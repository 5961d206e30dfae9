/**
 * The environment of the state several instances share: REDIS_URL (rate limits, the access_token) and the S3_*
 * object store (avatars). Unset, each stays in this process and its data folder.
 */

export interface S3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Base of the avatar URLs handed out: `${publicUrl}/uploads/<name>` is the object's key under it. */
  publicUrl: string;
  /** http://endpoint/bucket/key (MinIO, s3rver) rather than http://bucket.endpoint/key (AWS, COS, OSS). */
  forcePathStyle: boolean;
}

export interface SharedStateConfig {
  redisUrl: string | null;
  s3: S3Config | null;
}

/** Every S3_* variable the object store needs: one set means all are. */
export const S3_VARIABLES = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_PUBLIC_URL'] as const;

/** S3's bucket names: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
export function isS3BucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name);
}

function httpUrl(value: string, name: string): string {
  if (!/^https?:\/\/[^\s/?#]+/.test(value) || !URL.canParse(value)) throw new Error(`${name} must be an absolute http(s) URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}

function redisUrl(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  // The URL may carry a password: it is never echoed back.
  if (!/^rediss?:\/\/[^\s/?#]+/.test(value) || !URL.canParse(value)) throw new Error('REDIS_URL must be a redis:// or rediss:// URL');
  return value;
}

function pathStyle(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new Error(`S3_FORCE_PATH_STYLE must be true or false, got "${value}"`);
}

function s3Config(env: NodeJS.ProcessEnv): S3Config | null {
  const given = S3_VARIABLES.filter((name) => (env[name] ?? '') !== '');
  if (given.length === 0) {
    if ((env.S3_FORCE_PATH_STYLE ?? '') !== '') throw new Error('S3_FORCE_PATH_STYLE is set but the S3_* object store is not');
    return null;
  }
  const missing = S3_VARIABLES.filter((name) => !given.includes(name));
  if (missing.length > 0) throw new Error(`the S3 object store needs ${S3_VARIABLES.join(', ')}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
  const value = (name: (typeof S3_VARIABLES)[number]): string => env[name] ?? '';
  const bucket = value('S3_BUCKET');
  if (!isS3BucketName(bucket)) throw new Error(`S3_BUCKET is not a valid bucket name (3-63 lowercase letters, digits, dots, hyphens), got "${bucket}"`);
  return {
    endpoint: httpUrl(value('S3_ENDPOINT'), 'S3_ENDPOINT'),
    bucket,
    region: value('S3_REGION'),
    accessKeyId: value('S3_ACCESS_KEY_ID'),
    secretAccessKey: value('S3_SECRET_ACCESS_KEY'),
    publicUrl: httpUrl(value('S3_PUBLIC_URL'), 'S3_PUBLIC_URL'),
    forcePathStyle: pathStyle(env.S3_FORCE_PATH_STYLE),
  };
}

/** Reads and checks the shared-state variables; a half-configured store is an error naming what is missing. */
export function sharedStateConfig(env: NodeJS.ProcessEnv): SharedStateConfig {
  return { redisUrl: redisUrl(env.REDIS_URL), s3: s3Config(env) };
}
