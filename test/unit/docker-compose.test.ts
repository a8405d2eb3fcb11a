/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked: it is valid
 * against the Compose specification's JSON schema (a copy under tools/compose-spec/, no
 * network), every environment variable it gives the api and the worker is one the code reads,
 * and nothing but the API and the Temporal UI is published, on 127.0.0.1 only.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..', '..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { build?: unknown; environment?: Record<string, string>; ports?: string[] }>;
};

/** The running code's sources, and the SDK package that reads the TEMPORAL_* connection variables. */
function codeReadingTheEnvironment(): string {
  const dirs = ['activities', 'api', 'config', 'db', 'mail', 'observability', 'scripts', 'system', 'temporal', 'web', 'worker'];
  const texts: string[] = [fs.readFileSync(path.join(root, 'node_modules/@temporalio/envconfig/lib/envconfig-toml.js'), 'utf8')];
  for (const dir of dirs) {
    for (const entry of fs.readdirSync(path.join(root, dir), { recursive: true }).map(String)) {
      if (entry.endsWith('.ts') && !entry.includes('generated')) texts.push(fs.readFileSync(path.join(root, dir, entry), 'utf8'));
    }
  }
  return texts.join('\n');
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose specification', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'tools/compose-spec/compose-spec.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    // The schema names draft 07 by its https address; Ajv knows it by the http one.
    ajv.addMetaSchema({ ...draft07, $id: schema.$schema }, schema.$schema);
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('gives the api and the worker only variables the code reads', () => {
    const code = codeReadingTheEnvironment();
    const built = Object.entries(compose.services).filter(([, service]) => service.build);
    expect(built.map(([name]) => name).sort()).toEqual(['api', 'worker']);
    const unread = built.flatMap(([name, service]) =>
      Object.keys(service.environment ?? {})
        .filter((variable) => !new RegExp(`\\b${variable}\\b`).test(code))
        .map((variable) => `${name}: ${variable}`),
    );
    expect(unread).toEqual([]);
  });

  it('publishes only the API and the Temporal UI, on 127.0.0.1, and demands the secrets', () => {
    const published = Object.entries(compose.services).flatMap(([name, service]) => (service.ports ?? []).map((port) => `${name} ${port}`));
    expect(published.sort()).toEqual(['api 127.0.0.1:3000:3000', 'temporal-ui 127.0.0.1:8080:8080']);
    const api = compose.services.api!.environment!;
    expect(api.ADMIN_TOKEN).toMatch(/^\$\{ADMIN_TOKEN:\?/);
    expect(api.PAYLOAD_ENCRYPTION_KEYS).toMatch(/^\$\{PAYLOAD_ENCRYPTION_KEYS:\?/);
  });

  it('keeps history, local data and secrets out of the image (.dockerignore)', () => {
    const ignored = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.git', '.data', 'node_modules', '.env', '*.pem', '*.key']) expect(ignored).toContain(entry);
  });

  it('runs the Temporal set-up scripts and images of the release CI tests', () => {
    const text = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    const servers = fs.readFileSync(path.join(root, 'temporal/servers.ts'), 'utf8');
    const release = /TEMPORAL_SERVER_VERSION = 'v([\d.]+)'/.exec(servers)![1];
    expect(text).toContain(`temporalio/server:${release}`);
    expect(text).toContain(`temporalio/admin-tools:${release}`);
    expect(text).not.toContain('auto-setup');
    for (const script of ['schema.sh', 'namespace.sh']) expect(fs.existsSync(path.join(root, 'docker/temporal', script))).toBe(true);
  });
});
