/**
 * The display board's shell (main process; the common part is drivers' `startHubShell`, tested
 * without Electron): one locked-down window on the hub's /display page with the board's
 * parameters (full screen, or the configured size for a technician), navigation and IPC confined
 * to the hub's /display, sound allowed without a tap so announcements play, and the device agent
 * that drives the LED boards from the same calls.
 *
 * The LED boards do not depend on the page: the hub pushes `led:show` to the agent on every
 * call and recall, so they keep working while the window reloads.
 */
import { startHubShell, type ElectronLike as BaseElectronLike, type HubShell, type HubShellDeps, type HubShellSpec, type RunningAgent, type ShellWindow as BaseShellWindow } from '@motcua/drivers';
import { agentConfig, appUrl, configPath, parseDisplayConfig, type DisplayShellConfig } from './config';

export type ShellWindow = BaseShellWindow;
export type ElectronLike = BaseElectronLike<ShellWindow>;
export type { RunningAgent };

export type DisplayShell = HubShell<DisplayShellConfig, ShellWindow>;

export const DISPLAY_SHELL: HubShellSpec<DisplayShellConfig, ShellWindow> = {
  kind: 'display',
  title: 'Một Cửa — Bảng hiển thị',
  // A board without its LED bus still shows and announces calls.
  agentDevices: 'LED boards',
  config: { path: configPath, parse: parseDisplayConfig, appUrl, agentConfig },
  // Announcements must play without anyone touching the TV.
  commandLine(commandLine) {
    commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
  },
  allowedPaths: (config) => [config?.appPath ?? '/display/'],
  window: (config) => ({ width: config?.width ?? 1920, height: config?.height ?? 1080, backgroundColor: '#061933', autoplay: true }),
};

export function startDisplayShell(deps: HubShellDeps<ShellWindow>): Promise<DisplayShell> {
  return startHubShell(DISPLAY_SHELL, deps);
}
