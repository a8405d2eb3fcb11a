import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec, parseEncryptionKeys } from '../../temporal/payload-encryption';
import { TEST_KEY_CURRENT, TEST_KEY_OLD } from '../support/payload-keys';

const contact = { name: 'Cara Contact', email: 'cara.contact@northshire.nhs.uk' };
const payload = () => defaultPayloadConverter.toPayload(contact)!;
const text = (p: { data?: Uint8Array | null }) => Buffer.from(p.data ?? []).toString();

describe('payload encryption', () => {
  it('seals a payload so that neither the name nor the address can be read, and opens it again', async () => {
    const codec = new EncryptionCodec([TEST_KEY_CURRENT]);
    const [sealed] = await codec.encode([payload()]);
    expect(text(sealed!)).not.toContain('Cara');
    expect(text(sealed!)).not.toContain('northshire');
    expect(Buffer.from(sealed!.metadata!['encryption-key-id']!).toString()).toBe('test-2026-12');
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(contact);
  });

  it('rotates: a new first key seals, the old one still opens what it sealed', async () => {
    const [sealedWithOld] = await new EncryptionCodec([TEST_KEY_OLD]).encode([payload()]);
    const rotated = new EncryptionCodec([TEST_KEY_CURRENT, TEST_KEY_OLD]);
    const [sealedNow] = await rotated.encode([payload()]);
    expect(Buffer.from(sealedNow!.metadata!['encryption-key-id']!).toString()).toBe('test-2026-12');
    const opened = await rotated.decode([sealedWithOld!, sealedNow!]);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([contact, contact]);
  });

  it('refuses a payload sealed with a key it does not have, naming the key', async () => {
    const [sealedWithOld] = await new EncryptionCodec([TEST_KEY_OLD]).encode([payload()]);
    await expect(new EncryptionCodec([TEST_KEY_CURRENT]).decode([sealedWithOld!])).rejects.toThrow(/test-2026-06/);
  });

  it('refuses a tampered payload', async () => {
    const codec = new EncryptionCodec([TEST_KEY_CURRENT]);
    const [sealed] = await codec.encode([payload()]);
    const data = Buffer.from(sealed!.data!);
    data[20] = data[20]! ^ 1;
    await expect(codec.decode([{ ...sealed!, data }])).rejects.toThrow();
  });

  it('passes through payloads written before encryption was turned on', async () => {
    const [opened] = await new EncryptionCodec([TEST_KEY_CURRENT]).decode([payload()]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(contact);
  });

  it('reads PAYLOAD_ENCRYPTION_KEYS newest first and names a bad entry', () => {
    const b64 = (k: Buffer) => k.toString('base64');
    const keys = parseEncryptionKeys(`2026-12:${b64(TEST_KEY_CURRENT.key)}, 2026-06:${b64(TEST_KEY_OLD.key)}`);
    expect(keys.map((k) => k.id)).toEqual(['2026-12', '2026-06']);
    expect(() => parseEncryptionKeys(`2026-12:${b64(Buffer.alloc(16))}`)).toThrow(/entry 1 .*32 bytes/);
    expect(() => parseEncryptionKeys(`no-separator`)).toThrow(/PAYLOAD_ENCRYPTION_KEYS entry 1/);
    expect(() => parseEncryptionKeys(`a:${b64(TEST_KEY_OLD.key)},a:${b64(TEST_KEY_CURRENT.key)}`)).toThrow(/twice/);
  });
});
