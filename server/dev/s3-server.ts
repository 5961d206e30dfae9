import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exited } from './process-wait';
import { isS3BucketName } from '../shared-state-config';

/** A private, throwaway S3-protocol server on loopback (s3rver over a temp folder, in its own process), for tests and the benchmark. */
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

/** The line s3rver-process.ts prints once it listens, before the port. */
export const PORT_PREFIX = 'S3RVER-PORT ';

/** s3rver accepts this one key pair (its built-in account) for signed requests. */
const S3RVER_KEY = 'S3RVER';
const DEFAULT_BUCKET = 'avatars';

function validBucketName(name: string): string {
  if (!isS3BucketName(name)) throw new Error(`not a valid S3 bucket name: ${name}`);
  return name;
}

/**
 * s3rver makes ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only has in its legacy provider:
 * in a process without it, any listing longer than one page (1000 keys) is a 500. So it runs in a child
 * with that provider, and the server's own process keeps Node's defaults.
 */
function spawnS3rver(directory: string, bucket: string): ChildProcess {
  const entry = path.join(__dirname, 's3rver-process.ts');
  return spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', entry, directory, bucket], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The port the child prints once it listens; rejects with its output when it exits or errs first. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith(PORT_PREFIX));
      if (line !== undefined) resolve(Number(line.slice(PORT_PREFIX.length)));
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before it listened:\n${output.trim()}`)));
  });
}

/** Starts s3rver on 127.0.0.1 (a free port) with one bucket already created. */
export async function startS3Server(options: { bucket?: string; region?: string } = {}): Promise<S3Server> {
  const bucket = validBucketName(options.bucket ?? DEFAULT_BUCKET);
  const region = options.region ?? 'us-east-1';
  const directory = await mkdtemp(path.join(os.tmpdir(), 's3-server-'));
  const child = spawnS3rver(directory, bucket);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
    await rm(directory, { recursive: true, force: true });
  };
  let port;
  try {
    port = await listeningPort(child);
  } catch (error) {
    await stop();
    throw error;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    region,
    accessKeyId: S3RVER_KEY,
    secretAccessKey: S3RVER_KEY,
    publicUrl: `${endpoint}/${bucket}`,
    stop,
  };
}
