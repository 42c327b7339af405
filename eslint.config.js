// One lint for the monorepo. Besides code rules it enforces the dependency direction of
// docs/ARCHITECTURE.md: shared depends on nothing of ours; servers, drivers and UIs depend on shared
// only; an Electron main may import drivers; tests and benchmarks may import anything. Every
// package reaches another only by its `@motcua/...` name and what its package.json "exports".
import { dirname, relative, resolve, sep } from 'node:path';
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
            { group: [`@motcua/${p}`, `@motcua/${p}/*`], message: `${folder} must not depend on ${p} (see docs/ARCHITECTURE.md).` },
            { group: [`**/${p}/src/*`, `**/${p}/src`], message: `${folder} must not reach into ${p}'s sources.` },
          ]),
        },
      ],
    },
  };
}

/** The workspace a file belongs to ('' for the repository root: scripts/, configs). */
function workspaceOf(file) {
  const top = relative(import.meta.dirname, file).split(sep)[0];
  return ours.includes(top) ? top : '';
}

/**
 * `motcua/own-package`: a relative import must resolve inside the importing workspace (or, at the
 * root, outside every workspace), and a package name must not be followed by a path into that
 * package's sources or tests (`@motcua/x/src/...`): import another package by its name and the
 * subpaths its package.json "exports".
 */
const ownPackage = {
  meta: { type: 'problem', schema: [], messages: {
    leaves: '"{{source}}" leaves {{from}} for {{to}}: import @motcua/{{to}} (or a subpath it exports) instead.',
    leavesRoot: '"{{source}}" reaches into the {{to}} workspace from the repository root: import @motcua/{{to}} instead.',
    deep: '"{{source}}" reaches into another package\'s files: import a subpath it exports in its package.json.',
  } },
  create(context) {
    const from = workspaceOf(context.filename);
    function check(node) {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const source = node.value;
      if (/^@motcua\/[^/]+\/(src|test|electron|bench)(\/|$)/.test(source)) {
        context.report({ node, messageId: 'deep', data: { source } });
        return;
      }
      if (!source.startsWith('.')) return;
      const to = workspaceOf(resolve(dirname(context.filename), source));
      if (to === from) return;
      if (from === '') context.report({ node, messageId: 'leavesRoot', data: { source, to } });
      else context.report({ node, messageId: 'leaves', data: { source, from, to: to || 'the repository root' } });
    }
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => check(n.source),
      'CallExpression[callee.type="MemberExpression"][callee.object.name="vi"][callee.property.name=/^(mock|doMock|importActual)$/]': (n) => check(n.arguments[0]),
    };
  },
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/dist-electron/**', 'hub-server/public/**', 'data/**', 'test-artifacts/**'] },
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
  // Package boundaries by path, everywhere: src, test, bench, electron, scripts, .ts and .mjs alike.
  { files: ['**/*.{ts,tsx,js,mjs,cjs}'], plugins: { motcua: { rules: { 'own-package': ownPackage } } }, rules: { 'motcua/own-package': 'error' } },
  // Plain JavaScript (build scripts, the agent's bin, this file) runs on Node and has no type
  // information: the code rules apply, the type-aware ones cannot.
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked, languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { ...globals.node } } },
);
