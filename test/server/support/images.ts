/** A real 1×1 PNG. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** The start of a Windows executable (MZ header): not an image whatever its name says. */
export const EXE_BYTES = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(120, 0)]);

export function formWithFile(bytes: Buffer, filename: string, type: string, fieldName = 'file'): FormData {
  const form = new FormData();
  form.append(fieldName, new Blob([new Uint8Array(bytes)], { type }), filename);
  return form;
}

/** A multipart/form-data body with one file part, byte for byte, for shapes FormData cannot make. */
export function multipartBody(boundary: string, bytes: Buffer, options: { field?: string; filename?: string; type?: string } = {}): Buffer {
  const { field = 'file', filename = 'a.png', type = 'image/png' } = options;
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`, 'utf8'),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
  ]);
}
