/**
 * With PAYLOAD_ENCRYPTION_KEYS set, what the Temporal server stores of an EOI (the submission
 * with its contact's name and address, every update, every activity) is sealed; the process
 * works as before; the codec server opens the payloads for regional staff and nobody else; and
 * the history replays with the keys (so does every recorded one, in test/workflow/replay.test.ts).
 *
 * `TRAINFLOW_RECORD_HISTORIES=1` writes the history to test/histories/commissioning-encrypted.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { EncryptionCodec } from '../../temporal/payload-encryption';
import { commissioningWorkflowId } from '../../workflows/commissioning.messages';
import { workflowCode } from '../workflow/commissioning-harness';
import { TEST_KEY_CURRENT, TEST_KEY_OLD } from '../support/payload-keys';
import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';

describe('workflow payloads encrypted with the keys from PAYLOAD_ENCRYPTION_KEYS', () => {
  let system: TestSystem;
  let region: Region;

  beforeAll(async () => {
    system = await startTestSystem({ payloadEncryptionKeys: [TEST_KEY_CURRENT, TEST_KEY_OLD] });
    region = await createRegion(system);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('keeps names and addresses out of the stored history, opens it for staff through the codec server, and replays', async () => {
    const submitted = await region.submitter.api.post('/api/eois', eoiBody(region, { placesRequested: 1 }));
    expect(submitted.status).toBe(201);
    const reviewed = await region.reviewer.api.post(`/api/eois/${submitted.body.id}/review`, {
      decision: 'support',
      comment: 'Strong case',
    });
    expect({ status: reviewed.status, state: reviewed.body.status }).toEqual({ status: 200, state: 'AWAITING_FUNDING_DECISION' });

    const handle = system.client.workflow.getHandle(commissioningWorkflowId(submitted.body.id));
    const history = await handle.fetchHistory();
    const stored = historyToJSON(history);
    expect(stored).not.toContain(Buffer.from('cara.contact@northshire.nhs.uk').toString('base64'));
    expect(stored).not.toContain('Strong case');
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');

    // The codec server: regional staff read the submission; the organisation cannot use it.
    const asJson = {
      metadata: Object.fromEntries(Object.entries(input.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(input.data!).toString('base64'),
    };
    const decoded = await region.staff.api.post('/api/codec/decode', { payloads: [asJson] });
    expect(decoded.status).toBe(200);
    expect(Buffer.from(decoded.body.payloads[0].data, 'base64').toString()).toContain('cara.contact@northshire.nhs.uk');
    expect((await region.submitter.api.post('/api/codec/decode', { payloads: [asJson] })).status).toBe(403);
    const garbled = await region.staff.api.post('/api/codec/decode', { payloads: [{ ...asJson, data: 'AAAA' }] });
    expect({ status: garbled.status, path: garbled.body.errors?.[0]?.path }).toEqual({ status: 400, path: 'payloads.0' });

    // The history replays with the keys, and not without them.
    const codec = new EncryptionCodec([TEST_KEY_CURRENT, TEST_KEY_OLD]);
    await expect(
      Worker.runReplayHistory({ ...workflowCode(), dataConverter: { payloadCodecs: [codec] } }, history),
    ).resolves.toBeUndefined();
    await expect(Worker.runReplayHistory({ ...workflowCode() }, history)).rejects.toThrow();

    if (process.env.TRAINFLOW_RECORD_HISTORIES) {
      const file = path.resolve(__dirname, '../histories/commissioning-encrypted.json');
      fs.writeFileSync(file, JSON.stringify(JSON.parse(stored), null, 1) + '\n');
    }
  });
});
