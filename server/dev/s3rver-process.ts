/**
 * s3rver in a process of its own (started by s3-server.ts): argv is the folder, the bucket. Prints one line
 * `S3RVER-PORT <port>` once it listens on 127.0.0.1, and closes on SIGTERM.
 */
import S3rver from 's3rver';
import { PORT_PREFIX } from './s3-server';

async function main(directory: string, bucket: string): Promise<void> {
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false, configureBuckets: [{ name: bucket }] });
  const address = await server.run();
  process.stdout.write(`${PORT_PREFIX}${address.port}\n`);
  process.once('SIGTERM', () => {
    void server.close().then(() => process.exit(0));
  });
}

const [directory, bucket] = process.argv.slice(2);
if (directory === undefined || bucket === undefined) throw new Error('usage: s3rver-process <directory> <bucket>');
main(directory, bucket).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
