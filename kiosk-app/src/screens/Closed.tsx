/**
 * Outside opening hours (the hours in the snapshot, the rules in shared/src/opening-hours.ts, the
 * hub's time): the centre is closed, in Vietnamese and English at once, with when the kiosk issues
 * again and the week's hours. The hub refuses to issue then too (`centre_closed`).
 */
import { formatOpeningTime, openingState, sessionsOf, type Snapshot } from '@motcua/shared';
import { tr } from '../i18n';

const DAYS = {
  vi: ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
} as const;

const hhmm = (min: number): string => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

/** Whether the kiosk issues at `now` (the hub's time). */
export function centreOpen(snap: Snapshot, now: number): boolean {
  return openingState(snap.centre.opening, now, snap.centre.timeZone).open;
}

export function Closed(props: { snap: Snapshot; now: number }) {
  const { snap, now } = props;
  const state = openingState(snap.centre.opening, now, snap.centre.timeZone);
  const next = state.nextOpenAt;
  return (
    <div className="screen screen-closed" data-testid="screen-closed" role="status">
      {(['vi', 'en'] as const).map((lang) => (
        <section key={lang} className={`closed-block closed-${lang}`} lang={lang} data-testid={`closed-${lang}`}>
          <h1 className="title">{tr(lang, 'closedTitle')}</h1>
          <p className="lead">{next === null ? tr(lang, 'closedNoOpening') : tr(lang, 'closedNext', { time: formatOpeningTime(next, now, lang, snap.centre.timeZone) })}</p>
        </section>
      ))}
      <table className="closed-hours" data-testid="closed-hours">
        <caption>
          {tr('vi', 'closedHours')} / {tr('en', 'closedHours')}
        </caption>
        <tbody>
          {snap.centre.opening.openingHours.map((d, i) => (
            <tr key={i}>
              <th scope="row">
                {DAYS.vi[i]} / {DAYS.en[i]}
              </th>
              <td>{d ? sessionsOf(d).map((s) => `${hhmm(s.open)}–${hhmm(s.close)}`).join(', ') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
