/**
 * The production image installs `dependencies` only (Dockerfile): every package the running
 * code imports must be one of them. Development-only parts (the local mail catcher, the SDK's
 * test servers) are loaded lazily, on the paths a deployment never takes.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const RUNTIME_DIRS = [
  'activities',
  'api',
  'config',
  'db',
  'domain',
  'mail',
  'observability',
  'system',
  'temporal',
  'web',
  'worker',
  'workflows',
];
const RUNTIME_FILES = ['scripts/start.ts', 'scripts/bundle-workflows.ts', 'prisma.config.ts'];
/** Loaded with require() only where no SMTP_URL is set (system/system.ts): never in a deployment. */
const DEVELOPMENT_ONLY = ['mail/local-inbox.ts'];

function sourceFiles(): string[] {
  const files = RUNTIME_FILES.map((f) => path.join(root, f));
  for (const dir of RUNTIME_DIRS) {
    if (!fs.existsSync(path.join(root, dir))) continue;
    for (const entry of fs.readdirSync(path.join(root, dir), { recursive: true }).map(String)) {
      const relative = path.join(dir, entry);
      if (entry.endsWith('.ts') && !entry.includes('generated') && !DEVELOPMENT_ONLY.includes(relative))
        files.push(path.join(root, relative));
    }
  }
  return files;
}

const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

describe('production dependencies', () => {
  it('covers every package the running code imports', () => {
    const { dependencies } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const missing = new Set<string>();
    for (const file of sourceFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/^import (?!type )[^;]*?from '([^.'][^']*)';/gms)) {
        const name = packageOf(match[1]!);
        if (name.startsWith('node:') || builtinModules.includes(name)) continue;
        if (!dependencies[name]) missing.add(`${name} (${path.relative(root, file)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('keeps the mail catcher, the test servers and tsx out of them', () => {
    const { dependencies } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(dependencies).filter((name) => ['maildev', '@temporalio/testing', 'tsx', 'smtp-server'].includes(name))).toEqual([]);
  });
});
