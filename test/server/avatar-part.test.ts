import busboy from '@fastify/busboy';
import { readFilePart, type FilePartStream } from '../../server/uploads/avatar-part';
import { waitFor } from './support/harness';

const LIMIT = 1024;
const head = Buffer.from('--XX\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n');
const tail = Buffer.from('\r\n--XX--\r\n');

/**
 * Drives the multipart parser the server uses, in two writes with the reader catching up in between: the
 * shape of a slow upload whose first TCP segment ends exactly at the limit.
 */
async function readInTwoWrites(fileSize: number, splitAt: number): Promise<Buffer> {
  const parser = busboy({ headers: { 'content-type': 'multipart/form-data; boundary=XX' }, limits: { fileSize: LIMIT } });
  const bytes = Buffer.alloc(fileSize, 7);
  let stream: FilePartStream | undefined;
  const read = new Promise<Buffer>((resolve, reject) => {
    parser.on('file', (_field, file) => {
      stream = file as FilePartStream;
      readFilePart(stream, LIMIT).then(resolve, reject);
    });
  });
  parser.write(Buffer.concat([head, bytes.subarray(0, splitAt)]));
  await waitFor(() => stream !== undefined && stream.readableLength === 0);
  parser.write(Buffer.concat([bytes.subarray(splitAt), tail]));
  parser.end();
  return read;
}

describe('reading an uploaded file part', () => {
  test('a file cut exactly at the limit by a chunk boundary is too large, not a file of the limit', async () => {
    await expect(readInTwoWrites(LIMIT + 1, LIMIT)).rejects.toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  test.each([LIMIT + 1, LIMIT * 3])('a file of %i bytes cut elsewhere is too large', async (size) => {
    await expect(readInTwoWrites(size, 100)).rejects.toMatchObject({ statusCode: 413 });
  });

  test('a file of exactly the limit is read whole', async () => {
    const read = await readInTwoWrites(LIMIT, LIMIT);
    expect(read).toEqual(Buffer.alloc(LIMIT, 7));
  });
});
