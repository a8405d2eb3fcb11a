/**
 * The Temporal server's dynamic configuration, one file for every server the project runs:
 * docker/temporal/dynamicconfig.yaml, mounted by docker-compose.yml, copied by the tests' server
 * (test/support/temporal-server.ts), and given to the dev server as `--dynamic-config-value`
 * flags from here. Read when a dev server starts, never in production images.
 */
import fs from 'node:fs';
import path from 'node:path';

export const DYNAMIC_CONFIG_FILE = path.resolve(__dirname, '..', 'docker', 'temporal', 'dynamicconfig.yaml');

/** Each key's value: the first entry's, the one without constraints (all the file has). */
export function serverDynamicConfig(file = DYNAMIC_CONFIG_FILE): Record<string, unknown> {
  // Loaded here only: a development dependency, absent from the production image, which never starts a dev server.
  const { parse } = require('yaml') as typeof import('yaml');
  const entries = (parse(fs.readFileSync(file, 'utf8')) ?? {}) as Record<string, { value: unknown; constraints?: unknown }[]>;
  return Object.fromEntries(
    Object.entries(entries).map(([key, values]) => {
      const first = values[0];
      if (!first || first.constraints !== undefined || values.length > 1) {
        throw new Error(`${file}: ${key} must have one value without constraints for the dev server`);
      }
      return [key, first.value];
    }),
  );
}

/** The same settings as the Temporal CLI's flags (its values are JSON). */
export function devServerDynamicConfigArgs(config = serverDynamicConfig()): string[] {
  return Object.entries(config).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
}
