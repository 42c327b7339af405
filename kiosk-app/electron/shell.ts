/**
 * The kiosk shell's main process (the common part is drivers' `startHubShell`, tested with
 * `vi.mock('electron')`): one locked-down full-screen portrait window on the hub's kiosk page, no
 * pinch-zoom or swipe navigation on the touch screen, and the device agent (printer, scanner)
 * running in this process.
 */
import { startHubShell, type ElectronLike as BaseElectronLike, type HubShell, type HubShellDeps, type HubShellSpec, type RunningAgent, type ShellWindow as BaseShellWindow } from '@motcua/drivers';
import { agentConfig, appUrl, configPath, parseKioskConfig, type KioskShellConfig } from './config';

/** The kiosk window also locks pinch-zoom. */
export type ShellWindow = BaseShellWindow<{ setVisualZoomLevelLimits(minimumLevel: number, maximumLevel: number): Promise<void> }>;
export type ElectronLike = BaseElectronLike<ShellWindow>;
export type { RunningAgent };

export type KioskShell = HubShell<KioskShellConfig, ShellWindow>;

export const KIOSK_SHELL: HubShellSpec<KioskShellConfig, ShellWindow> = {
  kind: 'kiosk',
  title: 'Một Cửa — Máy lấy số',
  // A missing printer must not keep citizens from taking tickets (the hub then has no printer for this kiosk and says so).
  agentDevices: 'devices',
  config: { path: configPath, parse: parseKioskConfig, appUrl, agentConfig },
  // No pinch-zoom or swipe navigation on a touch screen.
  commandLine(commandLine) {
    commandLine.appendSwitch('disable-pinch');
    commandLine.appendSwitch('overscroll-history-navigation', '0');
  },
  window: () => ({ width: 1080, height: 1920, backgroundColor: '#0b2545' }),
  setUpWindow(win) {
    void win.webContents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
  },
};

export function startKioskShell(deps: HubShellDeps<ShellWindow>): Promise<KioskShell> {
  return startHubShell(KIOSK_SHELL, deps);
}
