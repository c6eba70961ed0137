import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const domGlobals = ['window', 'document', 'navigator', 'location', 'localStorage', 'HTMLElement', 'requestAnimationFrame', 'performance'];

export default tseslint.config(
  { ignores: ['**/*.tmp.mjs', 'dist/', 'dist-*/', 'node_modules/', 'bench-results/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='dataSync']", message: 'No synchronous tensor reads: use await t.data().' },
        { selector: "CallExpression[callee.property.name='arraySync']", message: 'No synchronous tensor reads: use await t.array().' },
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Never build HTML from strings.' },
      ],
    },
  },
  {
    // The pure core and the params codec: no DOM, no React, no zustand, no app layers.
    files: ['src/core/**/*.ts', 'src/params/**/*.ts'],
    // Tests and their setup choose a backend, as every entry point does.
    ignores: ['src/**/*.test.ts', 'src/core/test-setup.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'zustand', 'zustand/*', 'd3', 'd3-*', 'comlink'], message: 'src/core is pure: no UI or worker libraries.' },
            { group: ['**/app/**', '**/panels/**', '**/charts/**', '**/controls/**', '**/store/**', '**/bridge/**', '**/worker/**'], message: 'src/core may import only src/core and src/params.' },
            { group: ['@tensorflow/tfjs-backend-*'], message: 'The backend is chosen at the entry point (worker, CLI, tests), not in the core.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    // The worker and what both sides share: never the page's layers (the worker has no DOM, and the
    // shared modules must load on both sides).
    files: ['src/worker/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'zustand', 'zustand/*', 'd3', 'd3-*'], message: 'The worker draws nothing: no UI libraries.' },
            { group: ['**/app/**', '**/panels/**', '**/charts/**', '**/controls/**', '**/store/**', '**/bridge/**', '**/article/**', '**/export/**', '**/theme/**'], message: 'The worker may import only src/core, src/params and src/shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/charts/**/*.{ts,tsx}', 'src/controls/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/store/**', '**/bridge/**', '**/worker/**', '@tensorflow/*'], message: 'Charts and controls are prop-only.' }] },
      ],
    },
  },
  {
    files: ['src/app/**', 'src/panels/**', 'src/store/**', 'src/bridge/**', 'src/article/**', 'src/export/**', 'src/theme/**', 'src/offline/**', 'src/main.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'], message: 'tfjs belongs in the worker: the main thread only draws.' },
            {
              // mlp/network-frame: the network figure's frame type and its tfjs-free geometry (kink lines);
              // mlp/step-trace-frame: the slow-motion step's trace type and its pure helpers.
              regex: '/core/(?!catalog$|contracts?$|experiment$|experiments/[\\w-]+\\.schema$|replay/formulas$|mlp/network-frame$|mlp/step-trace-frame$|data/drawn$)',
              message: 'The main thread may import only the catalog, schemas, types, the pure replay formulas, the network frame, the slow-step trace and the drawn-data helpers from src/core (the rest loads tfjs).',
            },
          ],
        },
      ],
    },
  },
);
