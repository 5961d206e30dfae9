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
