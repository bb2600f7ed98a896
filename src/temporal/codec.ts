/**
 * Every payload Temporal stores is encrypted with AES-256-GCM (the pattern of Temporal's
 * encryption sample): workflow inputs and results, signals, Updates and their results, queries,
 * activity inputs and results, memos, and (with the failure converter) failure messages. Temporal
 * Web then shows ciphertext, except to signed-in staff through the codec endpoint (src/web/codec.ts).
 *
 * Keys: KLACHTFLOW_ENCRYPTION_KEYS="<id>:<base64 of 32 bytes>[,<id>:<key>...]". The first key
 * encrypts; every listed key decrypts, so a new key goes first and the old one stays listed until
 * no running case needs it. A payload that is not encrypted (a history recorded before) passes
 * through unchanged.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const ENCODING_KEY = 'encoding';
const KEY_ID_KEY = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/** The keys of KLACHTFLOW_ENCRYPTION_KEYS; a clear error for anything that is not one. */
export function parseEncryptionKeys(value: string | undefined): EncryptionKey[] {
  if (!value?.trim()) {
    throw new Error('KLACHTFLOW_ENCRYPTION_KEYS is not set: every Temporal payload is encrypted. '
      + 'Set it to "<id>:<base64 of 32 random bytes>" (npm start makes a development key in .data/secrets.json).');
  }
  const keys = value.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    const match = /^([A-Za-z0-9._-]{1,40}):([A-Za-z0-9+/=_-]+)$/.exec(entry);
    const key = match ? Buffer.from(match[2]!, 'base64') : undefined;
    if (!match || key!.length !== 32) {
      throw new Error(`KLACHTFLOW_ENCRYPTION_KEYS: "${entry.split(':')[0]}" is not "<id>:<base64 of exactly 32 bytes>" (AES-256)`);
    }
    return { id: match[1]!, key: key! };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('KLACHTFLOW_ENCRYPTION_KEYS: a key id appears twice');
  return keys;
}

/** A new key entry for KLACHTFLOW_ENCRYPTION_KEYS. */
export function newEncryptionKey(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: EncryptionKey;

  constructor(keys: EncryptionKey[]) {
    if (keys.length === 0) throw new Error('EncryptionCodec needs at least one key');
    this.current = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_KEY]: Buffer.from(this.current.id) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.[ENCODING_KEY] ?? []).toString() !== ENCRYPTED_ENCODING) return payload;
      const id = Buffer.from(payload.metadata?.[KEY_ID_KEY] ?? []).toString();
      const key = this.byId.get(id);
      if (!key) throw new Error(`No encryption key "${id}" in KLACHTFLOW_ENCRYPTION_KEYS: a payload was encrypted with it`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** Where the failure converter is, for the workflow bundle (bundleWorkflowCode) and the workers. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failureConverter');

/**
 * The data converter of every client and worker: payloads encrypted, and failures with their
 * message and stack trace moved into an (encrypted) payload, as a refusal can name a person.
 */
export function encryptedDataConverter(keys: EncryptionKey[]): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

/** The codec and data converter of this installation's configuration (KLACHTFLOW_ENCRYPTION_KEYS). */
export function temporalEncryption(config: { encryptionKeys?: string }): { codec: EncryptionCodec; dataConverter: DataConverter } {
  const keys = parseEncryptionKeys(config.encryptionKeys);
  return { codec: new EncryptionCodec(keys), dataConverter: encryptedDataConverter(keys) };
}
