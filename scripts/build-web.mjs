// Builds the four React apps into hub-server/public/<app>, where the hub serves them.
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const apps = [
  ['kiosk-app', 'kiosk'],
  ['counter-app', 'counter'],
  ['display-board', 'display'],
  ['manager-app', 'manager'],
];

/**
 * The head every app page shares, in one place: each app's index.html keeps only its title (and
 * tags of its own). The charset comes first, within the first 1024 bytes as HTML requires; the empty
 * icon stops browsers asking the hub for a favicon it does not have.
 */
const sharedHead = {
  name: 'motcua-shared-head',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { charset: 'utf-8' }, injectTo: 'head-prepend' },
    { tag: 'meta', attrs: { name: 'viewport', content: 'width=device-width, initial-scale=1' }, injectTo: 'head' },
    { tag: 'link', attrs: { rel: 'icon', href: 'data:,' }, injectTo: 'head' },
  ],
};

for (const [folder, route] of apps) {
  const root = resolve(folder);
  if (!existsSync(resolve(root, 'index.html'))) continue;
  await build({
    root,
    base: `/${route}/`,
    logLevel: 'warn',
    plugins: [react(), sharedHead],
    build: { outDir: resolve('hub-server/public', route), emptyOutDir: true },
  });
  console.log(`built ${folder} → /${route}/`);
}
