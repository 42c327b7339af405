// Electron starts here (bundled to dist-electron/main.js by electron/build.mjs).
import { runCounterApp } from './main';

runCounterApp();
