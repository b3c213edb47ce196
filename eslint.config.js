// Lint: TypeScript's recommended rules, plus the rule that keeps pacelc simulatable: time and
// chance come only from src/runtime/ (DESIGN.md, "Time and chance are injected").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const injectedRuntimeMessage = 'Time and chance come from the injected Runtime (src/runtime/): take `runtime` in the options.';

export const injectedRuntimeRules = {
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: injectedRuntimeMessage },
    { object: 'performance', property: 'now', message: injectedRuntimeMessage },
    { object: 'Math', property: 'random', message: injectedRuntimeMessage },
    { object: 'globalThis', property: 'setTimeout', message: injectedRuntimeMessage },
    { object: 'globalThis', property: 'setInterval', message: injectedRuntimeMessage },
    { object: 'globalThis', property: 'setImmediate', message: injectedRuntimeMessage },
    { object: 'globalThis', property: 'Date', message: injectedRuntimeMessage },
    { object: 'globalThis', property: 'performance', message: injectedRuntimeMessage },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: injectedRuntimeMessage },
    { name: 'setInterval', message: injectedRuntimeMessage },
    { name: 'setImmediate', message: injectedRuntimeMessage },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: injectedRuntimeMessage },
    { selector: "CallExpression[callee.name='Date'][arguments.length=0]", message: injectedRuntimeMessage },
  ],
  'no-restricted-imports': [
    'error',
    { paths: [{ name: 'node:timers', message: injectedRuntimeMessage }, { name: 'node:timers/promises', message: injectedRuntimeMessage }, { name: 'timers', message: injectedRuntimeMessage }, { name: 'timers/promises', message: injectedRuntimeMessage }, { name: 'node:perf_hooks', message: injectedRuntimeMessage }] },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-undef': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/runtime/**', 'src/**/*.test.ts', 'src/testing/**'],
    rules: injectedRuntimeRules,
  },
);
