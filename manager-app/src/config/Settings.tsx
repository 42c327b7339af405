/** Opening hours (sessions around lunch, grace, appointment check-in window) and breaks, priority rules, the rating scale and the wait alarms. */
import { useEffect, useState } from 'react';
import { PRIORITY_LABELS, PriorityGroup, type CentreSettings } from '@motcua/shared';
import type { AppContext } from '../App';
import { call } from '../hub';
import { useTr, type TextKey } from '../i18n';
import { useConfig } from '../useConfig';
import { FormActions, OutcomeMsg, onSubmitted, useOutcome } from './form';

const DAYS: readonly TextKey[] = ['dayMonday', 'dayTuesday', 'dayWednesday', 'dayThursday', 'dayFriday', 'daySaturday', 'daySunday'];

export function Settings({ ctx }: { ctx: AppContext }) {
  const { t, lang } = useTr();
  const { socket, snapshot: s } = ctx;
  const { config } = useConfig(socket, s);
  const [draft, setDraft] = useState<CentreSettings | null>(null);
  const outcome = useOutcome();
  useEffect(() => {
    if (config && !draft) setDraft(config.settings);
  }, [config, draft]);
  if (!draft) return <p className="muted">…</p>;

  const save = async () => outcome.report(await call(socket, 'manager:saveSettings', draft), () => t('settingsSavedScreensUpdated'));
  const setDay = (i: number, v: CentreSettings['openingHours'][number]) => setDraft({ ...draft, openingHours: draft.openingHours.map((d, j) => (j === i ? v : d)) });

  return (
    <form className="stack" onSubmit={onSubmitted(() => void save())}>
      <div className="cols">
        <section className="card">
          <h2>{t('openingHours')}</h2>
          <table className="table">
            <tbody>
              {DAYS.map((day, i) => {
                const d = draft.openingHours[i] ?? null;
                return (
                  <tr key={day}>
                    <td>{t(day)}</td>
                    <td>
                      <label className="inline">
                        <input type="checkbox" checked={d !== null} onChange={(e) => setDay(i, e.target.checked ? { open: '07:30', close: '17:00', lunch: null } : null)} /> {t('open')}
                      </label>
                    </td>
                    <td>{d && <input type="time" aria-label={`${t(day)} ${t('openLower')}`} value={d.open} onChange={(e) => setDay(i, { ...d, open: e.target.value })} />}</td>
                    <td>
                      {/* Text, not type=time: a closing time may be 24:00 (open until midnight), which a time input cannot hold. */}
                      {d && <input type="text" inputMode="numeric" pattern="([01][0-9]|2[0-3]):[0-5][0-9]|24:00" placeholder="HH:mm" size={5} aria-label={`${t(day)} ${t('close')}`} value={d.close} onChange={(e) => setDay(i, { ...d, close: e.target.value })} />}
                    </td>
                    <td>
                      {d && (
                        <label className="inline">
                          <input type="checkbox" aria-label={`${t(day)} ${t('lunchClosure')}`} checked={d.lunch !== null} onChange={(e) => setDay(i, { ...d, lunch: e.target.checked ? { start: '11:30', end: '13:00' } : null })} /> {t('lunchClosure')}
                        </label>
                      )}
                    </td>
                    <td>{d?.lunch && <input type="time" aria-label={`${t(day)} ${t('lunchFrom')}`} value={d.lunch.start} onChange={(e) => d.lunch && setDay(i, { ...d, lunch: { ...d.lunch, start: e.target.value } })} />}</td>
                    <td>{d?.lunch && <input type="time" aria-label={`${t(day)} ${t('lunchUntil')}`} value={d.lunch.end} onChange={(e) => d.lunch && setDay(i, { ...d, lunch: { ...d.lunch, end: e.target.value } })} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted">{t('hoursHint')}</p>
          <h3>{t('ticketsAndAppointments')}</h3>
          <label>
            {t('graceMin')}
            <input type="number" min={0} max={120} value={draft.opening.graceMin} onChange={(e) => setDraft({ ...draft, opening: { ...draft.opening, graceMin: Number(e.target.value) } })} />
          </label>
          <label>
            {t('checkInEarlyMin')}
            <input type="number" min={0} max={240} value={draft.opening.checkInEarlyMin} onChange={(e) => setDraft({ ...draft, opening: { ...draft.opening, checkInEarlyMin: Number(e.target.value) } })} />
          </label>
          <label>
            {t('checkInLateMin')}
            <input type="number" min={0} max={240} value={draft.opening.checkInLateMin} onChange={(e) => setDraft({ ...draft, opening: { ...draft.opening, checkInLateMin: Number(e.target.value) } })} />
          </label>
          <h3>{t('breaks')}</h3>
          {draft.breaks.map((b, i) => (
            <div key={i} className="inline-form">
              <input aria-label={t('label')} value={b.label} onChange={(e) => setDraft({ ...draft, breaks: draft.breaks.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)) })} />
              <input type="time" aria-label={t('start')} value={b.start} onChange={(e) => setDraft({ ...draft, breaks: draft.breaks.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)) })} />
              <input type="time" aria-label={t('end')} value={b.end} onChange={(e) => setDraft({ ...draft, breaks: draft.breaks.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)) })} />
              <button type="button" className="link danger" onClick={() => setDraft({ ...draft, breaks: draft.breaks.filter((_, j) => j !== i) })}>
                {t('remove')}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setDraft({ ...draft, breaks: [...draft.breaks, { start: '15:00', end: '15:15', label: t('break') }] })}>
            {t('addABreak')}
          </button>
        </section>

        <div className="stack">
          <section className="card">
            <h2>{t('priorityRules')}</h2>
            <label>
              {t('elderlyFromAge')}
              <input type="number" min={50} max={100} value={draft.priority.elderlyAge} onChange={(e) => setDraft({ ...draft, priority: { ...draft.priority, elderlyAge: Number(e.target.value) } })} />
            </label>
            <label>
              {t('atMostThisManyPriority')}
              <input type="number" min={1} max={10} value={draft.priority.maxInRow} onChange={(e) => setDraft({ ...draft, priority: { ...draft.priority, maxInRow: Number(e.target.value) } })} />
            </label>
            <fieldset>
              <legend>{t('priorityGroups')}</legend>
              {PriorityGroup.options.map((g) => (
                <label key={g} className="inline">
                  <input
                    type="checkbox"
                    checked={draft.priority.groups.includes(g)}
                    onChange={(e) => setDraft({ ...draft, priority: { ...draft.priority, groups: e.target.checked ? [...draft.priority.groups, g] : draft.priority.groups.filter((x) => x !== g) } })}
                  />{' '}
                  {PRIORITY_LABELS[g][lang]}
                </label>
              ))}
            </fieldset>
          </section>
          <section className="card">
            <h2>{t('satisfactionRating')}</h2>
            <label>
              {t('scale')}
              <select aria-label={t('scale')} value={draft.rating.scale} onChange={(e) => setDraft({ ...draft, rating: { ...draft.rating, scale: Number(e.target.value) === 5 ? 5 : 4 } })}>
                <option value={4}>{t('n4LevelsVerySatisfiedDissatisfied')}</option>
                <option value={5}>{t('n5Stars')}</option>
              </select>
            </label>
            <label>
              {t('ratingScreenClosesAfterS')}
              <input type="number" min={5} max={300} value={draft.rating.timeoutSec} onChange={(e) => setDraft({ ...draft, rating: { ...draft.rating, timeoutSec: Number(e.target.value) } })} />
            </label>
            <label>
              {t('askForAReasonAt')}
              <input type="number" min={0} max={5} value={draft.rating.askReasonAtOrBelow} onChange={(e) => setDraft({ ...draft, rating: { ...draft.rating, askReasonAtOrBelow: Number(e.target.value) } })} />
            </label>
          </section>
          <section className="card" data-testid="public-url-settings">
            <h2>{t('publicUrlTitle')}</h2>
            <p>
              <code data-testid="public-url">{s.centre.publicUrl}</code> — {t(s.centre.publicUrlSource === 'config' ? 'publicUrlFromConfig' : s.centre.publicUrlSource === 'lan' ? 'publicUrlFromLan' : 'publicUrlLoopback')}
            </p>
            <p className="muted">{t('publicUrlHelp')}</p>
          </section>
          <section className="card" data-testid="home-booking-settings">
            <h2>{t('homeBookingTitle')}</h2>
            <p className="muted">{t('homeBookingHelp')}</p>
            <label>
              {t('homeBookingSharePct')}
              <input type="number" min={0} max={100} step={5} value={Math.round(draft.booking.share * 100)} onChange={(e) => setDraft({ ...draft, booking: { ...draft.booking, share: Math.min(100, Math.max(0, Number(e.target.value))) / 100 } })} />
            </label>
            <label>
              {t('homeBookingHorizonDays')}
              <input type="number" min={1} max={60} value={draft.booking.horizonDays} onChange={(e) => setDraft({ ...draft, booking: { ...draft.booking, horizonDays: Number(e.target.value) } })} />
            </label>
            <label>
              {t('homeBookingSlotMin')}
              <input type="number" min={5} max={120} step={5} value={draft.booking.slotMinutes} onChange={(e) => setDraft({ ...draft, booking: { ...draft.booking, slotMinutes: Number(e.target.value) } })} />
            </label>
          </section>
          <section className="card">
            <h2>{t('waitAlarms')}</h2>
            <label>
              {t('warnAfterMin')}
              <input type="number" min={1} max={240} value={draft.alarms.warnMin} onChange={(e) => setDraft({ ...draft, alarms: { ...draft.alarms, warnMin: Number(e.target.value) } })} />
            </label>
            <label>
              {t('breachAfterMin')}
              <input type="number" min={1} max={240} value={draft.alarms.breachMin} onChange={(e) => setDraft({ ...draft, alarms: { ...draft.alarms, breachMin: Number(e.target.value) } })} />
            </label>
            <label>
              {t('busyAfterMin')}
              <input type="number" min={5} max={480} value={draft.alarms.busyMin} onChange={(e) => setDraft({ ...draft, alarms: { ...draft.alarms, busyMin: Number(e.target.value) } })} />
            </label>
          </section>
          <section className="card" data-testid="reserve-settings">
            <h2>{t('reserveTitle')}</h2>
            <p className="muted">{t('reserveHelp')}</p>
            <label>
              {t('reserveHoursPerDay')}
              <input type="number" min={0} max={12} step={0.5} value={draft.staffing.reserveHoursPerDay} onChange={(e) => setDraft({ ...draft, staffing: { reserveHoursPerDay: Math.min(12, Math.max(0, Number(e.target.value))) } })} />
            </label>
          </section>
        </div>
      </div>
      <FormActions className="row-end sticky" onCancel={() => config && setDraft(config.settings)} cancelLabel={t('revert')} saveLabel={t('saveSettings')}>
        <OutcomeMsg msg={outcome.msg} as="span" />
      </FormActions>
    </form>
  );
}
