import { sniffImageType } from '../../server/uploads/image-type';
import { EXE_BYTES, PNG_BYTES } from './support/images';

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

describe('image type from the bytes', () => {
  test.each([
    ['PNG', PNG_BYTES, 'image/png', 'png'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg', 'jpg'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'image/gif', 'gif'],
    ['GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif', 'gif'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp', 'webp'],
  ])('recognises %s', (_name, data, contentType, extension) => {
    expect(sniffImageType(data)).toEqual({ contentType, extension });
  });

  test.each([
    ['an executable', EXE_BYTES],
    ['an empty file', Buffer.alloc(0)],
    ['a RIFF file that is not WebP (WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['a truncated PNG signature', PNG_BYTES.subarray(0, 7)],
    ['an SVG (scriptable, not accepted)', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')],
  ])('refuses %s', (_name, data) => {
    expect(sniffImageType(data)).toBeNull();
  });
});
