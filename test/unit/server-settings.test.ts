import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devServerDynamicConfigArgs, serverDynamicConfig } from '../../temporal/server-settings';

function yamlFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-dynamic-config-'));
  const file = path.join(dir, 'dynamicconfig.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe("the Temporal server's dynamic configuration, one file for the dev server and the production server", () => {
  it('reads every key of the file the production server mounts, with its value', () => {
    expect(serverDynamicConfig()).toEqual({
      'frontend.namespaceRPS.visibility': 100,
      'system.enableActivityEagerExecution': true,
      'history.transferProcessorMaxPollRPS': 500,
      'history.timerProcessorMaxPollRPS': 500,
      'history.visibilityProcessorMaxPollRPS': 500,
    });
  });

  it('gives the dev server each key as a --dynamic-config-value flag, its value in JSON', () => {
    const file = yamlFile('a.number:\n  - value: 5\nb.flag:\n  - value: false\nc.text:\n  - value: "x y"\n');
    expect(devServerDynamicConfigArgs(serverDynamicConfig(file))).toEqual([
      '--dynamic-config-value',
      'a.number=5',
      '--dynamic-config-value',
      'b.flag=false',
      '--dynamic-config-value',
      'c.text="x y"',
    ]);
  });

  it.each([
    ['constraints', 'k:\n  - value: 1\n    constraints:\n      namespace: default\n'],
    ['two values', 'k:\n  - value: 1\n  - value: 2\n'],
  ])('refuses a key with %s, which the dev server could not be given the same way', (_what, text) => {
    expect(() => serverDynamicConfig(yamlFile(text))).toThrow(/k must have one value without constraints/);
  });
});
