/**
 * The rules for attachments (src/attachments): the type comes from the content alone, never from
 * the name; names are made safe; the limits count what the case holds already. Property-based
 * (fast-check) where it fits: random bytes are never taken for a photo or a PDF unless they
 * start with its signature, and no name whatever yields an unsafe stored name.
 */
import fc from 'fast-check';
import { ATTACHMENT_TYPES, detectAttachmentType, type AttachmentType } from '../../src/attachments/contentType';
import { displayName, safeFileName } from '../../src/attachments/fileName';
import { ATTACHMENT_LIMITS, checkUploads, limitProblem, sha256, type CheckedFile } from '../../src/attachments/rules';
import { heic, JPEG, pdf, png, WEBP } from '../support/attachmentFiles';

const SAMPLES: [AttachmentType, Buffer][] = [
  ['image/jpeg', JPEG], ['image/png', png()], ['image/webp', WEBP], ['image/heic', heic()], ['application/pdf', pdf()],
];

const startsWith = (bytes: Uint8Array, prefix: number[] | string, at = 0) => {
  const p = typeof prefix === 'string' ? Array.from(Buffer.from(prefix, 'latin1')) : prefix;
  return bytes.length >= at + p.length && p.every((b, i) => bytes[at + i] === b);
};

/** The signature each accepted type must start with. */
const SIGNED: Record<AttachmentType, (b: Uint8Array) => boolean> = {
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/webp': (b) => startsWith(b, 'RIFF') && startsWith(b, 'WEBP', 8),
  'image/heic': (b) => startsWith(b, 'ftyp', 4),
  'application/pdf': (b) => startsWith(b, '%PDF-'),
};

describe('the type by content', () => {
  test.each(SAMPLES)('a real %s is recognised', (type, bytes) => {
    expect(detectAttachmentType(bytes)).toBe(type);
  });

  test('random bytes are never accepted as a type unless they start with its signature', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
      const type = detectAttachmentType(bytes);
      return type === undefined || SIGNED[type](bytes);
    }), { numRuns: 2000 });
  });

  test('a signature followed by random bytes is no PDF without its end, and a photo only with a readable header', () => {
    fc.assert(fc.property(fc.constantFrom(...SAMPLES), fc.uint8Array({ minLength: 1, maxLength: 512 }), ([type, sample], tail) => {
      const fake = Buffer.concat([sample.subarray(0, 8), Buffer.from(tail)]);
      const detected = detectAttachmentType(fake);
      // Whatever passes is still what its signature says, never another type.
      return detected === undefined || detected === type;
    }), { numRuns: 500 });
    expect(detectAttachmentType(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('<html><script>alert(1)</script>')]))).toBeUndefined();
    expect(detectAttachmentType(pdf().subarray(0, 60))).toBeUndefined(); // cut off: no %%EOF
    expect(detectAttachmentType(png().subarray(0, 12))).toBeUndefined(); // a signature without its header
  });

  test('text, HTML, SVG, GIF, ZIP and an empty file are refused', () => {
    for (const bytes of [
      Buffer.from('Dit is gewoon tekst, geen foto.'), Buffer.from('<!doctype html><p>hoi</p>'),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), Buffer.from('PK\x03\x04rest', 'latin1'), Buffer.alloc(0),
    ]) expect(detectAttachmentType(bytes)).toBeUndefined();
  });
});

describe('the stored name', () => {
  test('no name whatever yields a stored name with a path, a control or format character, or another extension', () => {
    fc.assert(fc.property(
      fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: fc.constantFrom('a', '.', '/', '\\', ' ', '\u202e', '\u0000', '\n', '"', ';', 'é', '😀', '\ud800'), maxLength: 80 })),
      fc.constantFrom(...(Object.keys(ATTACHMENT_TYPES) as AttachmentType[])),
      (name, type) => {
        const safe = safeFileName(name, type);
        const extension = safe.slice(safe.lastIndexOf('.') + 1);
        return !/[\\/<>:"|?*;\p{Cc}\p{Cf}\p{Cs}]/u.test(safe) && !safe.startsWith('.') && safe.trim() === safe
          && (ATTACHMENT_TYPES[type].extensions as readonly string[]).includes(extension) && Array.from(safe).length <= 105;
      },
    ), { numRuns: 2000 });
  });

  test('the extension follows the content; the customer\'s name stays readable', () => {
    expect(safeFileName('Foto terminal.JPG', 'image/jpeg')).toBe('Foto terminal.jpg');
    expect(safeFileName('brief.html', 'image/png')).toBe('brief.png');
    expect(safeFileName('C:\\Users\\anna\\Factuur oktober.pdf', 'application/pdf')).toBe('Factuur oktober.pdf');
    expect(safeFileName('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(safeFileName('foto\u202egpj.exe', 'image/jpeg')).toBe('fotogpj.jpg');
    expect(safeFileName('', 'image/heic')).toBe('bestand.heic');
    expect(safeFileName('.pdf', 'application/pdf')).toBe('pdf.pdf');
    expect(displayName(`${'x'.repeat(150)}.jpg`)).toHaveLength(101);
  });
});

describe('the limits', () => {
  const checked = (bytes: Buffer, name = 'foto.png') => checkUploads([{ name, bytes }], { count: 0, bytes: 0 }).files[0]!;

  test('a .jpg that is text is refused by name; good files pass with their checked type', () => {
    const result = checkUploads([{ name: 'foto.jpg', bytes: Buffer.from('Ik ben geen foto') }, { name: 'scan.png', bytes: pdf() }], { count: 0, bytes: 0 });
    expect(result).toEqual({ files: [], problems: [{ kind: 'type', name: 'foto.jpg' }] });
    const ok = checkUploads([{ name: 'scan.png', bytes: pdf() }, { name: 'IMG_0001.HEIC', bytes: heic() }], { count: 0, bytes: 0 });
    expect(ok.problems).toEqual([]);
    expect(ok.files.map((f) => [f.fileName, f.contentType])).toEqual([['scan.pdf', 'application/pdf'], ['IMG_0001.heic', 'image/heic']]);
  });

  test('the files already on the case count', () => {
    const four = [1, 2, 3, 4].map((n) => ({ name: `${n}.png`, bytes: png(n, n) }));
    expect(checkUploads(four, { count: 1, bytes: 1000 }).problems).toEqual([]);
    expect(checkUploads(four, { count: 2, bytes: 1000 }).problems).toEqual([{ kind: 'count', existing: 2 }]);
    expect(checkUploads([...four, { name: '5.png', bytes: png(5, 5) }, { name: '6.png', bytes: png(6, 6) }], { count: 0, bytes: 0 }).problems)
      .toEqual([{ kind: 'count', existing: 0 }]);
  });

  test('the same file twice counts once; a file the case holds already adds nothing', () => {
    const file = checked(png());
    expect(checkUploads([{ name: 'a.png', bytes: png() }, { name: 'b.png', bytes: png() }], { count: 0, bytes: 0 }).files).toHaveLength(1);
    expect(limitProblem({ count: 5, bytes: file.size }, [file], new Set([file.sha256]))).toBeUndefined();
    expect(limitProblem({ count: 5, bytes: file.size }, [file])).toEqual({ kind: 'count', existing: 5 });
    // Sent again on a full case (the status page's form): no problem, nothing new.
    expect(checkUploads([{ name: 'again.png', bytes: png() }], { count: 5, bytes: file.size, known: new Set([file.sha256]) }).problems).toEqual([]);
  });

  test('size: per file and for the case together; an empty file is refused', () => {
    const big = Buffer.concat([pdf(), Buffer.alloc(ATTACHMENT_LIMITS.fileBytes)]);
    expect(checkUploads([{ name: 'groot.pdf', bytes: big }], { count: 0, bytes: 0 }).problems).toEqual([{ kind: 'fileSize', name: 'groot.pdf' }]);
    const file: CheckedFile = { ...checked(pdf()), size: 6 * 1024 * 1024 };
    expect(limitProblem({ count: 1, bytes: ATTACHMENT_LIMITS.totalBytes - 5 * 1024 * 1024 }, [file])).toEqual({ kind: 'totalSize' });
    expect(checkUploads([{ name: 'leeg.pdf', bytes: Buffer.alloc(0) }], { count: 0, bytes: 0 }).problems).toEqual([{ kind: 'empty', name: 'leeg.pdf' }]);
    expect(sha256(Buffer.from('x'))).toMatch(/^[0-9a-f]{64}$/);
  });
});
