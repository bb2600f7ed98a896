import { EncryptionCodec, parseEncryptionKeys } from '../../src/temporal/codec';
import { TEST_ENCRYPTION_KEYS } from './env';

/**
 * A workflow history (as historyToJSON writes it) as someone with the key reads it: every payload
 * decrypted with the tests' keys, its data as text (latin1 to look for raw bytes).
 */
export async function decryptedPayloads(historyJson: string, encoding: BufferEncoding = 'utf8'): Promise<string[]> {
  const codec = new EncryptionCodec(parseEncryptionKeys(TEST_ENCRYPTION_KEYS));
  const payloads: { metadata: Record<string, string>; data?: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if ('metadata' in node && 'data' in node) payloads.push(node as never);
      else Object.values(node).forEach(walk);
    }
  };
  walk(JSON.parse(historyJson));
  const decoded = await codec.decode(payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  })));
  return decoded.map((p) => Buffer.from(p.data ?? new Uint8Array()).toString(encoding));
}
