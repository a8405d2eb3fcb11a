import type { EncryptionKey } from '../../temporal/payload-encryption';

/**
 * Test-only encryption keys (never a deployment's). The encrypted histories under
 * test/histories/ were recorded with `test-2026-12`, so the replay test opens them with it.
 */
export const TEST_KEY_OLD: EncryptionKey = { id: 'test-2026-06', key: Buffer.alloc(32, 6) };
export const TEST_KEY_CURRENT: EncryptionKey = { id: 'test-2026-12', key: Buffer.alloc(32, 12) };
export const HISTORY_KEYS: EncryptionKey[] = [TEST_KEY_CURRENT, TEST_KEY_OLD];
