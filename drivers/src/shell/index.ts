/**
 * Helpers for the Electron shells (kiosk, counter, display): locked-down window options, the
 * navigation guard for the hub's URL, the local reconnecting page and its supervisor, the typed
 * preload bridge, and the main process of the one-window shells (hub-shell.ts, started by
 * launch.ts). Written over minimal Electron-like interfaces (types.ts) so they are unit-tested
 * without Electron; the shells pass Electron's real objects.
 *
 * A sandboxed preload must be bundled without Node modules: import the bridge from
 * `@motcua/drivers/shell-bridge` (`./bridge`) there, not this index or the package root.
 */
export * from './types';
export * from './window';
export * from './navigation';
export * from './reconnecting';
export * from './supervisor';
export * from './bridge';
export * from './electron-like';
export * from './hub-shell';
export * from './launch';
export * from './pinning';
