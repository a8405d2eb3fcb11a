import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const WORKFLOW_MESSAGE =
  'Workflow code imports only @temporalio/workflow, @temporalio/common, domain/ and other workflow files: side effects belong in activities (declared in workflows/activities.ts).';
/** Libraries without I/O that domain/ may use: validation and calendar arithmetic. */
const PURE_LIBRARIES = ['zod', '@js-joda/'];
const DOMAIN_MESSAGE =
  'domain/ is pure rules: it imports only other domain files and pure libraries (zod, @js-joda): no I/O, no Node built-ins, no other folder.';

/**
 * Refuses every import of `files` but those starting with one of `allowed` (a package name, or a
 * relative prefix: "./", "../", "../domain/"). A relative prefix allows nothing deeper upwards:
 * "../" does not allow "../../".
 */
function onlyImports(files, allowed, message) {
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const alternatives = allowed.map((prefix) => (prefix.endsWith('/') ? `${escape(prefix)}(?!\\.\\./)` : `${escape(prefix)}(/|$)`));
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: `^(?!(${alternatives.join('|')})).*`, message }] }],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'db/generated/', 'coverage/', '.data/', '.scratch/', 'bench/results/'] },
  js.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Tests read loosely typed JSON bodies.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Workflow code is replayed: it must not reach for the clock or randomness itself.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' }],
    },
  },
  // The boundaries (docs/architecture.md): workflow code is bundled and replayed, so it imports
  // only Temporal's workflow API, domain/ and other workflow files; domain/ is pure rules, so it
  // imports only itself and pure libraries. Relative paths are matched per folder depth.
  onlyImports(['workflows/*.ts'], ['@temporalio/workflow', '@temporalio/common', './', '../domain/'], WORKFLOW_MESSAGE),
  onlyImports(['workflows/*/*.ts'], ['@temporalio/workflow', '@temporalio/common', './', '../', '../../domain/'], WORKFLOW_MESSAGE),
  onlyImports(['domain/*.ts'], [...PURE_LIBRARIES, './'], DOMAIN_MESSAGE),
  onlyImports(['domain/*/*.ts'], [...PURE_LIBRARIES, './', '../'], DOMAIN_MESSAGE),
);
