/**
 * The name under which an attachment is kept and later downloaded: the customer's own name for
 * the file, made harmless. Only the last path segment is kept; control and format characters
 * (a right-to-left override can make "gpj.exe" read as "exe.jpg") and characters that file
 * systems refuse are removed or replaced; the extension always matches the checked content
 * (a PNG sent as "brief.html" is kept as "brief.png"); the name is at most 100 characters before
 * its extension.
 */
import { ATTACHMENT_TYPES, type AttachmentType } from './contentType';

const MAX_STEM = 100;
/** Controls, format characters (bidi overrides, zero-width), separators, unpaired surrogates. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;
/** Refused by Windows or meaningful to a shell or a header. */
const RESERVED = /[<>:"|?*\\/;]/g;

export function safeFileName(original: string, type: AttachmentType): string {
  const last = original.split(/[\\/]/).pop() ?? '';
  const cleaned = last.normalize('NFC').replace(INVISIBLE, '').replace(RESERVED, '_').replace(/\s+/g, ' ').trim();
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? cleaned.slice(dot + 1).toLowerCase() : '';
  const stem = (dot > 0 ? cleaned.slice(0, dot) : cleaned).replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  const allowed: readonly string[] = ATTACHMENT_TYPES[type].extensions;
  const short = Array.from(stem).slice(0, MAX_STEM).join('').trim();
  return `${short || 'bestand'}.${allowed.includes(extension) ? extension : allowed[0]}`;
}

/** The name the customer gave, fit to show back in a message (not stored): visible characters, at most 100. */
export function displayName(original: string): string {
  const last = original.split(/[\\/]/).pop() ?? '';
  const shown = Array.from(last.normalize('NFC').replace(INVISIBLE, '').trim());
  return shown.length > MAX_STEM ? `${shown.slice(0, MAX_STEM).join('')}…` : shown.join('') || '?';
}
