/**
 * Determinism guard: every recorded history under test/histories/ must replay against the
 * current workflow code. A change that would break workflows already running fails here; make
 * it behind patched() (CONTRIBUTING.md, "Changing a workflow") and record a new history.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowCode } from './commissioning-harness';

const historiesDir = path.resolve(__dirname, '..', 'histories');
const files = fs
  .readdirSync(historiesDir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('recorded workflow histories replay against the current code', () => {
  it('has recorded histories of the main paths of every process', () => {
    expect(files.some((f) => f.startsWith('commissioning-'))).toBe(true);
  });

  it.each(files)('replays %s', async (file) => {
    const history = JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ ...workflowCode(), replayName: file }, history, file)).resolves.toBeUndefined();
  });
});
