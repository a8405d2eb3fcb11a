/**
 * Determinism guard: every recorded history under test/histories/ must replay against the
 * current workflow code. A change that would break workflows already running fails here; make
 * it behind patched() (CONTRIBUTING.md, "Changing a workflow") and record a new history.
 * Histories written before payload encryption (plain payloads) and after (sealed ones, such as
 * commissioning-encrypted.json) replay alike: the codec opens the sealed ones with the test keys
 * they were recorded with and passes plain ones through.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import * as workflows from '../../workflows';
import { EncryptionCodec } from '../../temporal/payload-encryption';
import { HISTORY_KEYS } from '../support/payload-keys';
import { workflowCode } from './commissioning-harness';

const historiesDir = path.resolve(__dirname, '..', 'histories');
const files = fs
  .readdirSync(historiesDir)
  .filter((f) => f.endsWith('.json'))
  .sort();

const workflowsDir = path.resolve(__dirname, '..', '..', 'workflows');

/** The workflow types whose code continues as new (`continueAsNew<typeof type>`), from the source. */
function typesThatContinueAsNew(): string[] {
  const types = fs
    .readdirSync(workflowsDir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...fs.readFileSync(path.join(workflowsDir, f), 'utf8').matchAll(/continueAsNew<typeof (\w+)>/g)].map((m) => m[1]!));
  return [...new Set(types)].sort();
}

/** Whether a history's run ended by continuing as new. */
function continuesAsNew(file: string): boolean {
  const history = JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8'));
  return history.events.at(-1).eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW';
}

/** The workflow type a history is of, from its first event. */
function workflowTypeOf(file: string): string {
  const history = JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8'));
  return history.events[0].workflowExecutionStartedEventAttributes.workflowType.name;
}

describe('recorded workflow histories replay against the current code', () => {
  it('has at least one recorded history of every workflow type the worker runs', () => {
    const recorded = new Set(files.map(workflowTypeOf));
    const registered = Object.entries(workflows)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name)
      .sort();
    expect(registered.length).toBeGreaterThan(0);
    // A new workflow needs a scenario in scripts/record-histories.ts (npm run record-histories).
    expect(registered.filter((type) => !recorded.has(type))).toEqual([]);
  });

  it('has recorded histories with plain payloads and with encrypted ones', () => {
    const encrypted = files.filter((f) =>
      fs.readFileSync(path.join(historiesDir, f), 'utf8').includes(Buffer.from('binary/encrypted').toString('base64')),
    );
    expect({ encrypted: encrypted.length > 0, plain: encrypted.length < files.length }).toEqual({ encrypted: true, plain: true });
  });

  const dataConverter = { payloadCodecs: [new EncryptionCodec(HISTORY_KEYS)] };
  it.each(files)('replays %s', async (file) => {
    const history = JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ ...workflowCode(), dataConverter, replayName: file }, history, file)).resolves.toBeUndefined();
  });

  // The check bites: the recorded weekly digest, replayed against the workflow changed without
  // patched() (an extra step first; its emails delivered one by one), fails as nondeterministic.
  it.each(['with-a-pause', 'one-by-one'])('refuses the weekly digest changed %s', async (change) => {
    const history = JSON.parse(fs.readFileSync(path.join(historiesDir, 'weekly-digest.json'), 'utf8'));
    const changed = { workflowsPath: require.resolve(`./fixtures/changed-weekly-digest/${change}`), dataConverter, replayName: change };
    await expect(Worker.runReplayHistory(changed, history, 'weekly-digest.json')).rejects.toThrow(DeterminismViolationError);
  });

  it('replays the weekly digest loaded the same way unchanged (the control for the two above)', async () => {
    const history = JSON.parse(fs.readFileSync(path.join(historiesDir, 'weekly-digest.json'), 'utf8'));
    const same = { workflowsPath: require.resolve('./fixtures/changed-weekly-digest/unchanged'), dataConverter, replayName: 'unchanged' };
    await expect(Worker.runReplayHistory(same, history, 'weekly-digest.json')).resolves.toBeUndefined();
  });

  // The check bites on continue-as-new: each workflow that continues as new, changed there without
  // patched() (a pause, or an extra activity, right before its continueAsNew call; the fixture is a
  // workflow interceptor module loaded beside the real workflows), fails as nondeterministic
  // against every history of it that reaches continue-as-new; loaded the same way unchanged, it replays.
  describe.each(typesThatContinueAsNew())('%s, changed on its way to continue-as-new', (type) => {
    const continuing = files.filter((f) => workflowTypeOf(f) === type && continuesAsNew(f));
    const loaded = (change?: string) => ({
      workflowsPath: require.resolve('../../workflows'),
      interceptors: { workflowModules: change ? [require.resolve(`./fixtures/changed-continue-as-new/${change}`)] : [] },
      dataConverter,
      replayName: `${type}-${change ?? 'unchanged'}`,
    });
    const historyOf = (file: string) => JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8'));

    it('has a recorded history that continues as new', () => {
      // Record one: npm run record-histories (commissioning, intake), or see CONTRIBUTING.md for the spoke.
      expect(continuing).not.toEqual([]);
    });

    it.each(['pause-first', 'note-first'])('refuses it changed %s', async (change) => {
      for (const file of continuing) {
        await expect(Worker.runReplayHistory(loaded(change), historyOf(file), file)).rejects.toThrow(DeterminismViolationError);
      }
    });

    it('replays it loaded the same way unchanged (the control for the two above)', async () => {
      for (const file of continuing) await expect(Worker.runReplayHistory(loaded(), historyOf(file), file)).resolves.toBeUndefined();
    });
  });
});
