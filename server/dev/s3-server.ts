import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { isS3BucketName } from '../shared-state-config';

/** A private, throwaway S3-protocol server on loopback (s3rver over a temp folder), for tests and the benchmark. */
export interface S3Server {
  /** http://127.0.0.1:<port>: the API endpoint, path-style (http://host/<bucket>/<key>). */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Where an object's key is readable anonymously: `${publicUrl}/${key}`. */
  readonly publicUrl: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** s3rver accepts this one key pair (its built-in account) for signed requests. */
const S3RVER_KEY = 'S3RVER';
const DEFAULT_BUCKET = 'avatars';

function validBucketName(name: string): string {
  if (!isS3BucketName(name)) throw new Error(`not a valid S3 bucket name: ${name}`);
  return name;
}

/** Starts s3rver on 127.0.0.1 (a free port) with one bucket already created. */
export async function startS3Server(options: { bucket?: string; region?: string } = {}): Promise<S3Server> {
  const bucket = validBucketName(options.bucket ?? DEFAULT_BUCKET);
  const region = options.region ?? 'us-east-1';
  const directory = await mkdtemp(path.join(os.tmpdir(), 's3-server-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: [{ name: bucket }],
  });
  let address;
  try {
    address = await server.run();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    region,
    accessKeyId: S3RVER_KEY,
    secretAccessKey: S3RVER_KEY,
    publicUrl: `${endpoint}/${bucket}`,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
