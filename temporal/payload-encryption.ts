/**
 * Encrypts every payload Trainflow sends to Temporal (workflow inputs, update arguments and
 * results, activity arguments and results, memos): histories hold contacts' and candidates'
 * names and email addresses, and whoever reads the Temporal server's database or its UI should
 * not. AES-256-GCM; each payload names the key it was sealed with (metadata `encryption-key-id`),
 * so keys rotate: the first key of PAYLOAD_ENCRYPTION_KEYS seals, all of them open, and old
 * histories stay readable while the old key is listed. A payload without that metadata (written
 * before encryption was turned on) passes through unchanged. Search attributes are not payloads:
 * they hold ids and states only (temporal/search-attributes.ts).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/**
 * Parses PAYLOAD_ENCRYPTION_KEYS: `id:base64key,id:base64key`, newest first, each key 32 random
 * bytes (`openssl rand -base64 32`). Throws naming the variable and the faulty entry.
 */
export function parseEncryptionKeys(value: string): EncryptionKey[] {
  const keys = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const separator = entry.indexOf(':');
      const id = separator > 0 ? entry.slice(0, separator) : '';
      const key = Buffer.from(entry.slice(separator + 1), 'base64');
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(id) || key.length !== 32) {
        throw new Error(`PAYLOAD_ENCRYPTION_KEYS entry ${index + 1} must be id:base64 of 32 bytes (openssl rand -base64 32)`);
      }
      return { id, key };
    });
  if (keys.length === 0) throw new Error('PAYLOAD_ENCRYPTION_KEYS names no key');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('PAYLOAD_ENCRYPTION_KEYS names a key id twice');
  return keys;
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
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID]: Buffer.from(this.current.id) },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCRYPTED_ENCODING) return payload;
      const keyId = Buffer.from(payload.metadata?.[KEY_ID] ?? []).toString();
      const key = this.byId.get(keyId);
      if (!key) throw new Error(`Payload sealed with encryption key "${keyId}", which PAYLOAD_ENCRYPTION_KEYS does not list`);
      const sealed = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

/** The data converter for clients and workers: encryption when keys are configured, else the SDK's default. */
export function dataConverterFor(keys: EncryptionKey[] | undefined): { payloadCodecs: PayloadCodec[] } | undefined {
  return keys && keys.length > 0 ? { payloadCodecs: [new EncryptionCodec(keys)] } : undefined;
}
