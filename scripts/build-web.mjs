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
for (const [folder, route] of apps) {
  const root = resolve(folder);
  if (!existsSync(resolve(root, 'index.html'))) continue;
  await build({
    root,
    base: `/${route}/`,
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: resolve('hub-server/public', route), emptyOutDir: true },
  });
  console.log(`built ${folder} → /${route}/`);
}
