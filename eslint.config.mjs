// Type-checked lint rules plus the layer boundaries ARCHITECTURE.md states.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/**/*.mjs', 'test/fixtures/**', 'test/.out/**', 'test/e2e/.tools/**', '*.mjs', 'extension/webview/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // node:test's test() returns a promise the runner itself awaits.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    // The engine is pure: no Node built-ins, no editor libraries.
    files: ['server/dissect/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['fs', 'path', 'zlib', 'crypto', 'vscode'].map((name) => ({ name, message: 'server/dissect must stay pure (see ARCHITECTURE.md)' })), patterns: [{ group: ['node:*', 'vscode-*'], message: 'server/dissect must stay pure (see ARCHITECTURE.md)' }, { group: ['../../lsp/*', '../../cli/*', '../../io/*', '../../flow/*', '../lsp/*', '../cli/*', '../io/*', '../flow/*'], message: 'the engine imports nothing outside server/dissect' }] }],
    },
  },
  {
    // stdout is the LSP channel in the server.
    files: ['server/lsp/**/*.ts', 'server/dissect/**/*.ts', 'server/flow/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['extension/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['../server/*', '!../server/protocol'], message: 'the client asks the server; it never decodes (ARCHITECTURE.md)' }] }] },
  },
);
