import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import type { S3Config } from '../shared-state-config';
import { isStoredName, newStoredName, storedContentType, UPLOADS_PATH, type StoredEntry, type StoredFile, type UploadStore } from './store';

/** The objects live under the same path as the server's own uploads, so an avatar URL names its object either way. */
const KEY_PREFIX = UPLOADS_PATH.slice(1);

export interface S3UploadStore extends UploadStore {
  publicUrlOf(name: string): string;
  /** Fails with a clear message when the bucket cannot be reached with these settings. */
  check(): Promise<void>;
  close(): void;
}

export function createS3Client(config: S3Config): S3Client {
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
}

function isMissingObject(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata } = error as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  return name === 'NoSuchKey' || $metadata?.httpStatusCode === 404;
}

function s3ErrorText(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { name, message, $metadata } = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = $metadata?.httpStatusCode === undefined ? '' : ` (HTTP ${$metadata.httpStatusCode})`;
  return `${typeof name === 'string' ? name : 'error'}${status}${typeof message === 'string' && message !== '' && message !== name ? `: ${message}` : ''}`;
}

const keyOf = (name: string): string => `${KEY_PREFIX}${name}`;

/** The stored avatars in the bucket, page by page: S3 lists at most 1000 keys per answer. */
async function listStored(client: S3Client, bucket: string): Promise<StoredEntry[]> {
  const entries: StoredEntry[] = [];
  let token: string | undefined;
  do {
    const page: ListObjectsV2CommandOutput = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: KEY_PREFIX, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      const name = object.Key?.slice(KEY_PREFIX.length) ?? '';
      if (isStoredName(name) && object.LastModified !== undefined) entries.push({ name, modifiedAt: object.LastModified });
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return entries;
}

/** An avatar's bytes, or null for a name the store never makes or an object that is gone. */
async function readStored(client: S3Client, bucket: string, name: string): Promise<StoredFile | null> {
  const contentType = storedContentType(name);
  if (contentType === undefined) return null;
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(name) }));
    if (object.Body === undefined) return null;
    return { bytes: Buffer.from(await object.Body.transformToByteArray()), contentType };
  } catch (error) {
    if (isMissingObject(error)) return null;
    throw error;
  }
}

/**
 * Avatars as objects in an S3-protocol bucket (AWS, COS, OSS, MinIO): every instance reads and deletes the
 * same ones, and clients fetch them from S3_PUBLIC_URL. Names and checks are the local store's.
 */
export function createS3UploadStore(config: S3Config, client: S3Client = createS3Client(config)): S3UploadStore {
  return {
    async save(bytes, type) {
      const name = newStoredName(type);
      // One PUT: the object exists whole or not at all.
      await client.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: keyOf(name),
          Body: bytes,
          ContentType: type.contentType,
          ContentDisposition: `inline; filename="${name}"`,
          CacheControl: 'public, max-age=31536000, immutable',
        }),
      );
      return name;
    },

    read: (name) => readStored(client, config.bucket, name),

    async remove(name) {
      if (!isStoredName(name)) return;
      // S3 answers a delete of a missing key with success, as the contract wants.
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: keyOf(name) }));
    },

    list: () => listStored(client, config.bucket),

    publicUrlOf(name) {
      return `${config.publicUrl}/${keyOf(name)}`;
    },

    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: config.bucket }));
      } catch (error) {
        throw new Error(`S3_BUCKET: bucket "${config.bucket}" at ${config.endpoint} cannot be reached with these settings: ${s3ErrorText(error)}`);
      }
    },

    close() {
      client.destroy();
    },
  };
}
