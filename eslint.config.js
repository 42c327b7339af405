// One lint for the monorepo. Besides code rules it enforces the dependency direction of
// ARCHITECTURE.md: shared depends on nothing of ours; servers, drivers and UIs depend on shared
// only; an Electron main may import drivers; tests may import anything.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ours = ['shared', 'hub-server', 'drivers', 'kiosk-app', 'counter-app', 'display-board', 'manager-app', 'city-server', 'tests'];

/** Forbid importing our packages (by name or by relative path) other than `allowed`. */
function boundary(folder, allowed, files = [`${folder}/**/*.{ts,tsx}`]) {
  const banned = ours.filter((p) => p !== folder && !allowed.includes(p));
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: banned.flatMap((p) => [
            { group: [`@motcua/${p}`, `@motcua/${p}/*`], message: `${folder} must not depend on ${p} (see ARCHITECTURE.md).` },
            { group: [`**/${p}/src/*`, `**/${p}/src`], message: `${folder} must not reach into ${p}'s sources.` },
          ]),
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'hub-server/public/**', 'data/**', 'test-artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': 'allow-with-description', 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': ['error', { object: 'describe', property: 'only' }, { object: 'it', property: 'only' }, { object: 'test', property: 'only' }],
    },
  },
  // No console in server and driver code: use the logger.
  { files: ['hub-server/src/**/*.ts', 'drivers/src/**/*.ts', 'city-server/src/**/*.ts', 'shared/src/**/*.ts'], ignores: ['**/cli.ts', '**/*.test.ts'], rules: { 'no-console': 'error' } },
  // Domain logic takes time and randomness injected.
  {
    files: ['hub-server/src/dispatch/**/*.ts', 'shared/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Inject a Clock instead of Date.now().' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Inject a seeded random source.' },
      ],
    },
  },
  { files: ['**/src/**/*.tsx', 'kiosk-app/src/**/*.ts', 'counter-app/src/**/*.ts', 'display-board/src/**/*.ts', 'manager-app/src/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  boundary('shared', []),
  boundary('hub-server', ['shared']),
  boundary('city-server', ['shared']),
  boundary('drivers', ['shared']),
  ...['kiosk-app', 'counter-app', 'display-board'].flatMap((app) => [
    boundary(app, ['shared'], [`${app}/src/**/*.{ts,tsx}`]),
    boundary(app, ['shared', 'drivers'], [`${app}/electron/**/*.ts`]),
  ]),
  boundary('manager-app', ['shared']),
  // dispatch is the bottom of the hub: pure rules and the simulation engine, imported by the services,
  // the simulator and the hub, never importing them. (Listed after the package boundaries, so it
  // repeats hub-server's: a later no-restricted-imports replaces an earlier one for these files.)
  {
    files: ['hub-server/src/dispatch/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...boundary('hub-server', ['shared']).rules['no-restricted-imports'][1].patterns,
            { group: ['../*', '../../*'], message: 'dispatch/ imports only shared and itself (sim, services, db, manager, realtime and the hub depend on dispatch, not the reverse).' },
          ],
        },
      ],
    },
  },
);
