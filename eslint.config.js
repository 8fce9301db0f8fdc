import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'test/perf/results/**', '**/*.cjs', 'apps/api/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      // Libraries are reached only through #qcr/<lib>; deep relative paths into another lib are refused here too.
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/libs/*/src/**', '#qcr/*/*'], message: 'Import another lib only as #qcr/<lib>.' }] }],
    },
  },
);
