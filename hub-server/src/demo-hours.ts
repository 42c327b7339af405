/**
 * The demo centre's hours (`npm start`): open whenever it runs, or closed on purpose
 * (`npm start -- --closed`) to show the closed state on the kiosk and display. Saved as the
 * manager would (a `config.settings_saved` event), so screens update at once.
 */
import { ALWAYS_OPEN_HOURS, minuteOfDay, openingState, type CentreSettings, type DayHours } from '@motcua/shared';
import type { Hub } from './hub';
import { SYSTEM_ACTOR } from './services/unit-of-work';

const hhmm = (min: number): string => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

/**
 * Hours for every day that are closed now: a one-hour session starting three hours from now
 * (ending by midnight), so the closed screens name an opening later today or tomorrow.
 */
export function closedNowHours(now: number, timeZone: string): DayHours[] {
  const start = (Math.ceil((minuteOfDay(now, timeZone) + 180) / 5) * 5) % (24 * 60);
  const end = Math.min(24 * 60, start + 60);
  return Array.from({ length: 7 }, () => ({ open: hhmm(start), close: end === 24 * 60 ? '24:00' : hhmm(end), lunch: null }));
}

/** Makes the demo centre open now (around the clock) or closed now; returns what it did. */
export function setDemoHours(hub: Hub, mode: 'open' | 'closed'): 'unchanged' | 'opened' | 'closed' {
  const current = hub.manager.settings.get();
  const now = hub.clock.now();
  const tz = hub.config.timeZone;
  const isOpen = openingState(current, now, tz).open;
  if (mode === 'open' && isOpen) return 'unchanged';
  const openingHours = mode === 'open' ? [...ALWAYS_OPEN_HOURS] : closedNowHours(now, tz);
  const next: CentreSettings = { ...current, openingHours };
  if (mode === 'closed' && openingState(next, now, tz).open) {
    // A session three hours away can still be open with a long grace: drop the grace for the demo.
    next.opening = { ...next.opening, graceMin: 0 };
  }
  const r = hub.manager.saveSettings(SYSTEM_ACTOR, next);
  if (!r.ok) throw new Error(`could not set the demo hours: ${r.error.code} ${r.error.detail ?? ''}`);
  return mode === 'open' ? 'opened' : 'closed';
}
