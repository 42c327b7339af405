/**
 * Centre settings (opening hours and breaks, priority rules, rating scale, wait alarms), stored in
 * the `settings` table and applied to the running hub at start and on every change, so kiosks,
 * counters and dispatch follow them without a restart.
 */
import { CentreSettings, DEFAULT_HOME_BOOKING, DEFAULT_STAFFING, DEFAULT_OPENING_POLICY, hhmmToMinutes, defaultAlarmLevels, PriorityGroup } from '@motcua/shared';
import type { HubConfig } from '../config';
import type { ManagerRepo } from '../db/manager-repo';

const KEY = 'centre';

/** What a centre starts with before its manager changes anything: the hub's file configuration. */
export function defaultSettings(config: HubConfig): CentreSettings {
  const weekday = { open: '07:30', close: '17:00', lunch: { start: '11:30', end: '13:00' } };
  return {
    openingHours: [weekday, weekday, weekday, weekday, weekday, { open: '07:30', close: '11:30', lunch: null }, null],
    opening: { ...DEFAULT_OPENING_POLICY },
    breaks: [{ start: '11:30', end: '13:00', label: 'Nghỉ trưa' }],
    priority: { elderlyAge: config.priority.elderlyAge, maxInRow: config.priority.maxInRow, groups: [...PriorityGroup.options] },
    rating: { ...config.rating },
    alarms: defaultAlarmLevels(config.targetWaitMin),
    booking: { ...DEFAULT_HOME_BOOKING },
    staffing: { ...DEFAULT_STAFFING },
  };
}

/** Minutes after midnight of "HH:mm" (the one parser, shared with the opening-hours rules). */
export const minutesOf = hhmmToMinutes;

/** The parts of the hub that follow the settings. */
export interface SettingsTarget {
  config: HubConfig;
  setPriority(p: { elderlyAge: number; maxInRow: number }): void;
}

/**
 * Applies settings to the running hub: the rating scale and target (what clients get in their
 * snapshot's centre info), the priority rule and elderly age (issuing and dispatch), and the
 * bookable appointment window (from the earliest weekday opening to the last slot before closing).
 */
export function applySettings(target: SettingsTarget, s: CentreSettings): void {
  const { config } = target;
  config.rating = { ...s.rating };
  config.priority = { elderlyAge: s.priority.elderlyAge, maxInRow: s.priority.maxInRow };
  target.setPriority(config.priority);
  const open = s.openingHours.filter((d): d is NonNullable<typeof d> => d !== null);
  if (open.length > 0) {
    const first = Math.min(...open.map((d) => minutesOf(d.open)));
    const last = Math.max(...open.map((d) => minutesOf(d.close))) - config.appointments.slotMin;
    if (last >= first) config.appointments = { ...config.appointments, firstSlotMin: first, lastSlotMin: last };
  }
}

export class SettingsStore {
  private cached: CentreSettings | null = null;
  constructor(
    private readonly repo: ManagerRepo,
    private readonly defaults: CentreSettings,
  ) {}

  get(): CentreSettings {
    if (!this.cached) {
      const stored = CentreSettings.safeParse(this.repo.setting(KEY));
      this.cached = stored.success ? stored.data : this.defaults;
    }
    return this.cached;
  }

  /** Stores inside the caller's transaction; `get()` sees it at once (reset by `forget` on rollback). */
  put(s: CentreSettings, now: number): void {
    this.repo.putSetting(KEY, s, now);
    this.cached = s;
  }

  forget(): void {
    this.cached = null;
  }
}
