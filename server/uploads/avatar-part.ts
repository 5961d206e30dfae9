import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { ApiError, invalidInput, unsupportedMedia } from '../errors';

/** busboy's file stream: `truncated` is set once the part went past the size limit. */
export type FilePartStream = Readable & { truncated: boolean };

export const payloadTooLarge = (limit: number): ApiError =>
  new ApiError(413, 'PAYLOAD_TOO_LARGE', `the file is over ${limit} bytes`);

/**
 * The whole file, or 413. busboy stops pushing at the limit and only flags the stream `truncated`: when the
 * cut falls on a chunk boundary no chunk follows it, so the flag is checked after the last chunk, not per chunk.
 */
export async function readFilePart(file: FilePartStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of file) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size <= limit) chunks.push(bytes);
  }
  if (file.truncated || size > limit) throw payloadTooLarge(limit);
  return Buffer.concat(chunks, size);
}

/**
 * A parser failure (no or empty boundary, a boundary the body never uses, a body cut short) is the sender's
 * malformed body: 400. The parser's own 4xx (limits, not multipart) and our ApiErrors keep their status.
 */
function asClientError(error: unknown): unknown {
  if (error instanceof ApiError) return error;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  const reason = error instanceof Error ? error.message : 'unreadable';
  return invalidInput(`malformed multipart body: ${reason}`);
}

/** The bytes of the one file in field "file" of a multipart request. */
export async function readAvatarPart(request: FastifyRequest, limit: number): Promise<Buffer> {
  if (!request.isMultipart()) throw unsupportedMedia('send multipart/form-data with the image in field "file"');
  try {
    const part = await request.file();
    if (part === undefined || part.fieldname !== 'file') throw invalidInput('the image must be in field "file"');
    return await readFilePart(part.file, limit);
  } catch (error) {
    throw asClientError(error);
  }
}
