/**
 * What a file is, read from its content: never from its name nor from the type the browser
 * sends, both of which the sender chooses. magic-bytes.js recognises the signature at the start
 * of the file; for a photo, image-size must then read a coherent header of the same format
 * (its dimensions), and a PDF must start with `%PDF-<version>` and end with `%%EOF`. Anything
 * else is refused.
 */
import { imageSize } from 'image-size';
import { filetypename } from 'magic-bytes.js';

/** The kinds of file a customer may add: photos and PDF. */
export const ATTACHMENT_TYPES = {
  'image/jpeg': { label: 'JPEG', extensions: ['jpg', 'jpeg'] },
  'image/png': { label: 'PNG', extensions: ['png'] },
  'image/webp': { label: 'WebP', extensions: ['webp'] },
  'image/heic': { label: 'HEIC', extensions: ['heic', 'heif'] },
  'application/pdf': { label: 'PDF', extensions: ['pdf'] },
} as const;

export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

export function isAttachmentType(value: string): value is AttachmentType {
  return Object.prototype.hasOwnProperty.call(ATTACHMENT_TYPES, value);
}

/** magic-bytes.js's name of a signature, and the type it stands for. */
const SIGNATURES: Record<string, AttachmentType> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heif: 'image/heic',
};

/** image-size's name of the format it read (for HEIF: the file's brand). */
const DECODED: Record<string, AttachmentType> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  heix: 'image/heic',
  hevc: 'image/heic',
  hevx: 'image/heic',
  mif1: 'image/heic',
  msf1: 'image/heic',
};

const PDF_HEADER = /^%PDF-[12]\.\d/;
/** A PDF ends with %%EOF, perhaps followed by a line break or some padding. */
const PDF_TRAILER_WINDOW = 1024;

function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - PDF_TRAILER_WINDOW))).toString('latin1');
  return PDF_HEADER.test(head) && tail.includes('%%EOF');
}

function decodedImageType(bytes: Uint8Array): AttachmentType | undefined {
  try {
    const size = imageSize(bytes);
    if (!size.type || !(size.width > 0) || !(size.height > 0)) return undefined;
    return DECODED[size.type];
  } catch {
    return undefined; // a header image-size cannot read: not the photo it claims to be
  }
}

/** The checked type of a file's content, or undefined when it is none of ATTACHMENT_TYPES. */
export function detectAttachmentType(bytes: Uint8Array): AttachmentType | undefined {
  if (bytes.length === 0) return undefined;
  const names = filetypename(bytes.subarray(0, 4096));
  if (names.includes('pdf')) return isPdf(bytes) ? 'application/pdf' : undefined;
  const claimed = names.map((name) => SIGNATURES[name]).find((type) => type !== undefined);
  if (!claimed) return undefined;
  return decodedImageType(bytes) === claimed ? claimed : undefined;
}
