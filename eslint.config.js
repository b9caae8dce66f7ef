// Lint: typescript-eslint's recommended rules plus the layering of docs/architecture.md, which the compiler cannot
// see on its own (what each top-level folder may import).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net']

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  // Plain-JavaScript build and config files run under Node.
  { files: ['*.mjs', '*.js', 'main/**/*.mjs', 'scripts/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'app/ is pure: no Node built-ins.' },
          { group: ['electron', 'react', 'react-dom', '@mui/*', 'zustand', 'better-sqlite3', 'ws'], message: 'app/ may import only app/ and zod.' },
          { group: ['**/main/**', '**/renderer/**', '../../main/*', '../../renderer/*'], message: 'app/ may import only app/ and zod.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'The renderer is sandboxed: no Node built-ins.' },
          { group: ['electron', 'better-sqlite3', 'ws'], message: 'The renderer talks to the main process only through window.commcell.' },
          { group: ['**/main/**', '../main/*', '../../main/*'], message: 'The renderer may not import main/.' },
        ],
      }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: "Only main/electron may import 'electron' (use `import type` elsewhere)." , allowTypeImports: true }],
        patterns: [{ group: ['**/renderer/**'], message: 'main/ may not import the renderer.' }],
      }],
    },
  },
  // The CommServe side never touches library or client folders: only the MediaAgent does, through the media
  // protocol (a hung mount or /proc must never freeze the console's main thread). So the CommServe's code imports
  // no file-system module, and no MediaAgent code.
  {
    files: ['main/jobs/**/*.ts', 'main/services/**/*.ts', 'main/scheduler/**/*.ts', 'main/media-link/**/*.ts', 'main/catalog/**/*.ts', 'main/backend.ts'],
    ignores: ['**/*.test.ts', 'main/catalog/database.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: "Only main/electron may import 'electron' (use `import type` elsewhere).", allowTypeImports: true },
          { name: 'node:fs', message: 'The CommServe side makes no file-system call: ask the MediaAgent (main/media-link).' },
          { name: 'node:fs/promises', message: 'The CommServe side makes no file-system call: ask the MediaAgent (main/media-link).' },
          { name: 'fs', message: 'The CommServe side makes no file-system call: ask the MediaAgent (main/media-link).' },
          { name: 'fs/promises', message: 'The CommServe side makes no file-system call: ask the MediaAgent (main/media-link).' },
        ],
        patterns: [
          { group: ['**/renderer/**'], message: 'main/ may not import the renderer.' },
          { group: ['**/mediaagent/**', '../mediaagent/*'], message: 'The CommServe side reaches the MediaAgent only through the media protocol (main/media-link).' },
        ],
      }],
    },
  },
)
