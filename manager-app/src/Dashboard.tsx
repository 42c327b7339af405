/**
 * Live dashboard: per field the waiting count and the oldest wait against the 20-minute target,
 * wait alarms (15 / 20 minutes), counters and clerks with their state, devices that need a hand,
 * and staffing advice with a one-click apply.
 */
import { useEffect, useMemo, useState } from 'react';
import { duringWorkingHours, TICKET_STATE_KEYS, waitLevel, waitStart, type Counter, type ManagerConfig, type LocalizedText, type StaffingAdviceItem } from '@motcua/shared';
import type { AppContext } from './App';
import { call, errorText } from './hub';
import { fmtTime, useTr, type TextKey } from './i18n';
import { useConfig } from './useConfig';
import { deviceProblems } from './config/Devices';
import { busyCounters, groupAlarms } from './alarm-groups';

const MIN = 60_000;

export function Dashboard({ ctx }: { ctx: AppContext }) {
  const { t, loc, lang } = useTr();
  const { snapshot: s, hubNow, alarms, socket } = ctx;
  const { config, reload } = useConfig(socket, s);
  const target = s.centre.targetWaitMin;
  const warnMin = alarms?.warnMin ?? 15;
  const breachMin = alarms?.breachMin ?? target;
  const tz = s.centre.timeZone;

  const serviceField = useMemo(() => new Map(s.services.map((x) => [x.id, x.fieldId])), [s.services]);
  const waiting = s.tickets.filter((t) => t.state === 'waiting');
  const byField = s.fields.map((f) => {
    const mine = waiting.filter((t) => serviceField.get(t.serviceId) === f.id);
    const oldest = mine.length ? Math.min(...mine.map(waitStart)) : null;
    const oldestMin = oldest === null ? null : Math.max(0, (hubNow - oldest) / MIN);
    return { field: f, waiting: mine.length, oldestMin };
  });
  const problems = deviceProblems(s.devices, duringWorkingHours(s.centre.opening, hubNow, tz));
  const attention = problems.filter((p) => !p.offHours);
  const offHours = problems.filter((p) => p.offHours);
  const busyMin = s.centre.alarms.busyMin;
  const alarmGroups = groupAlarms(alarms?.alarms ?? [], hubNow);
  const busy = busyCounters(s.counters, s.tickets, hubNow, busyMin);

  return (
    <div className="dashboard">
      {s.centre.publicUrlSource === 'loopback' && (
        <section className="card alert bad" role="alert" data-testid="public-url-alert">
          <h2>{t('publicUrlLoopbackTitle')}</h2>
          <p>{t('publicUrlLoopbackBody', { url: s.centre.publicUrl })}</p>
        </section>
      )}
      <section className="fields" aria-label={t('fields')}>
        {byField.map(({ field, waiting: n, oldestMin }) => {
          const wait = oldestMin === null ? 'ok' : waitLevel(oldestMin, breachMin, warnMin);
          const level = wait === 'over' ? 'bad' : wait;
          return (
            <div key={field.id} className={`card field ${level}`} data-testid={`field-${field.code}`}>
              <div className="field-name">{loc(field.name)}</div>
              <div className="big">
                {n} <small>{t('waitingLabel')}</small>
              </div>
              <div className="meter" title={t('oldestWaitAgainstTheMinute', { target })}>
                <div className="fill" style={{ width: `${Math.min(100, ((oldestMin ?? 0) / target) * 100)}%` }} />
              </div>
              <div className="muted">
                {oldestMin === null ? t('nobodyWaiting') : t('oldestWaitMin', { value: Math.floor(oldestMin), target })}
              </div>
            </div>
          );
        })}
      </section>

      <div className="cols">
        <section className="card" aria-label={t('alarms')}>
          <h2>
            {t('waitAlarms')} <small className="muted">{t('alarmThresholds', { warnMin, breachMin })}</small>
          </h2>
          {!ctx.fresh ? (
            // Never "nobody is waiting" on data that may be old: say so, and what was last known.
            <p className="alert warn" role="alert" data-testid="alarms-stale">
              {ctx.alarmsAt === null ? t('alarmsStaleNever') : t('alarmsStale', { at: fmtTime(hubNow - (Date.now() - ctx.alarmsAt), tz) })}
            </p>
          ) : null}
          {ctx.fresh && alarmGroups.length === 0 && busy.length === 0 ? (
            <p className="muted" data-testid="no-alarms">
              {t('nobodyIsWaitingPastThe')}
            </p>
          ) : (
            <ul className={ctx.fresh ? 'alarms' : 'alarms stale'} data-testid="alarm-list">
              {alarmGroups.map((g) => (
                <li key={`${g.fieldId}-${g.serviceId}`} className={g.breaches > 0 ? 'breach' : 'warn'} data-testid="alarm-group" data-service={s.services.find((x) => x.id === g.serviceId)?.code ?? ''}>
                  <span className="muted">{loc(s.fields.find((x) => x.id === g.fieldId)?.name)} ›</span> <strong>{loc(s.services.find((x) => x.id === g.serviceId)?.name)}</strong> —{' '}
                  <span data-testid="alarm-count">{t('alarmGroupCount', { count: g.count, breaches: g.breaches, breachMin })}</span>
                  {' · '}
                  <span data-testid="alarm-oldest">{t('alarmGroupOldest', { value: g.oldestMin, number: g.oldestNumber })}</span>
                </li>
              ))}
              {busy.map((b) => (
                <li key={`busy-${b.counterId}`} className="warn" data-testid="busy-alarm">
                  <strong>
                    {t('counterLabel')} {s.counters.find((c) => c.id === b.counterId)?.number}
                  </strong>{' '}
                  {t('busyAlarm', { number: b.number, value: b.minutes, limit: busyMin })}
                </li>
              ))}
            </ul>
          )}
          {attention.length > 0 && (
            <>
              <h3>{t('devicesNeedingAttention')}</h3>
              <ul className="alarms" data-testid="device-problems">
                {attention.map((p) => (
                  <li key={p.key} className="warn">
                    <strong>{p.device}</strong> — {p.text[lang]}
                  </li>
                ))}
              </ul>
            </>
          )}
          {offHours.length > 0 && (
            // Switched off at night is not an incident: still shown, quietly, not as an alarm.
            <ul className="muted" data-testid="devices-off-hours">
              {offHours.map((p) => (
                <li key={p.key}>
                  {p.device} — {p.text[lang]}
                </li>
              ))}
            </ul>
          )}
        </section>

        <StaffingAdvice ctx={ctx} config={config} onApplied={reload} />
      </div>

      <section className="card">
        <h2>{t('countersAndClerks')}</h2>
        <table className="table" data-testid="counters">
          <thead>
            <tr>
              <th>{t('counterColumn')}</th>
              <th>{t('status')}</th>
              <th>{t('clerk')}</th>
              <th>{t('current')}</th>
              <th>{t('primarySkills')}</th>
              <th>{t('secondarySkills')}</th>
            </tr>
          </thead>
          <tbody>
            {s.counters.map((c) => (
              <CounterRow key={c.id} counter={c} ctx={ctx} config={config} tz={tz} />
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function CounterRow({ counter: c, ctx, config, tz }: { counter: Counter; ctx: AppContext; config: ManagerConfig | null; tz: string }) {
  const { t, lang } = useTr();
  const s = ctx.snapshot;
  const current = s.tickets.find((t) => t.counterId === c.id && (t.state === 'called' || t.state === 'serving'));
  const clerk = config?.clerks.find((k) => k.id === c.clerkId);
  const code = (id: string) => s.services.find((x) => x.id === id)?.code ?? id;
  const temp = new Map((config?.temporarySkills ?? []).filter((t) => t.counterId === c.id).map((t) => [t.serviceId, t]));
  const skill = (id: string) => {
    const tmp = temp.get(id);
    return (
      <span key={id} className={`chip ${tmp ? 'temp' : ''}`} title={tmp ? t('temporaryUntil', { value: fmtTime(tmp.until, tz) }) : undefined}>
        {code(id)}
        {tmp ? ` → ${fmtTime(tmp.until, tz)}` : ''}
      </span>
    );
  };
  const status = c.status === 'open' ? (current ? 'busy' : 'idle') : c.status;
  const statusText: Record<string, TextKey> = {
    busy: 'counterBusy',
    idle: 'counterIdle',
    paused: 'counterPaused',
    closed: 'counterClosed',
  };
  const label = statusText[status];
  return (
    <tr data-testid={`counter-row-${c.number}`}>
      <td>
        <strong>{c.number}</strong> <span className="muted">{c.name[lang]}</span>
      </td>
      <td>
        <span className={`status ${status}`}>{label ? t(label) : ''}</span>
        {c.pauseReason && <div className="muted">{c.pauseReason}</div>}
      </td>
      {/* A name, never an id (`u-1`): "…" until the configuration with the names has loaded. */}
      <td>{c.clerkId ? (clerk?.displayName ?? (config ? t('unknownClerk') : '…')) : <span className="muted">—</span>}</td>
      <td>{current ? `${current.number} (${t(TICKET_STATE_KEYS[current.state])})` : <span className="muted">—</span>}</td>
      <td>{c.primary.map(skill)}</td>
      <td>{c.secondary.map(skill)}</td>
    </tr>
  );
}

/**
 * One advice item, by lever: an extra skill with one-click apply; a clerk moved to another counter's
 * work as a task for the clerks (accepting routes that counter's services to the clerk's counter; the
 * hub does not move anyone); a reserve counter as an instruction (it opens when a clerk signs in).
 */
function AdviceCard({
  item: a,
  ctx,
  onApply,
  onTaskGiven,
  onError,
}: {
  item: StaffingAdviceItem;
  ctx: AppContext;
  onApply: (input: { counterId: string; serviceId: string; level: 'primary' | 'secondary'; until: number; adviceId?: string }) => Promise<void>;
  onTaskGiven: (text: string) => void;
  onError: (text: string) => void;
}) {
  const { t, loc, lang } = useTr();
  const { socket, snapshot: s } = ctx;
  const tz = s.centre.timeZone;
  const numberOf = (id: string): string => String(s.counters.find((c) => c.id === id)?.number ?? id);
  const fieldsOf = (ids: readonly string[]): string => ids.map((id) => loc(s.services.find((x) => x.id === id)?.name) || id).join(', ');
  const [busy, setBusy] = useState(false);
  const giveTask = async (item: Extract<StaffingAdviceItem, { kind: 'moveClerk' }>) => {
    setBusy(true);
    const r = await call(socket, 'counter:respondAdvice', { counterId: item.counterId, adviceId: item.id, accept: true });
    setBusy(false);
    if (r.ok) onTaskGiven(t('adviceTaskGiven', { fields: fieldsOf(item.serviceIds), from: numberOf(item.fromCounterId), until: fmtTime(item.until, tz) }));
    else onError(errorText(r.error, lang));
  };
  return (
    <div className={`advice advice-${a.kind}`} data-testid="advice" data-kind={a.kind}>
      {a.kind === 'addSkill' && (
        <>
          <p className="advice-kind">{t('adviceKindAddSkill')}</p>
          <p>{a.text[lang]}</p>
          {a.effect && <p className="muted">{a.effect[lang]}</p>}
          <button type="button" className="primary" onClick={() => void onApply({ counterId: a.counterId, serviceId: a.serviceId, level: a.level, until: a.until, adviceId: a.id })}>
            {t('apply')}
          </button>
        </>
      )}
      {a.kind === 'moveClerk' && (
        <>
          <p className="advice-kind">{t('adviceKindMoveClerk')}</p>
          <p data-testid="advice-task">{a.text[lang]}</p>
          {a.effect && <p className="muted">{a.effect[lang]}</p>}
          <p className="muted small">{t('adviceMoveClerkNote', { from: numberOf(a.fromCounterId) })}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void giveTask(a)}>
            {t('adviceGiveTask')}
          </button>
        </>
      )}
      {a.kind === 'openReserve' && (
        <>
          <p className="advice-kind">{t('adviceKindOpenReserve')}</p>
          <p data-testid="advice-instruction">{a.text[lang]}</p>
          <p className="muted small">{t('adviceOpenReserveNote', { counter: numberOf(a.counterId), hours: String(a.hours).replace('.', lang === 'vi' ? ',' : '.') })}</p>
          {a.effect && <p className="muted">{a.effect[lang]}</p>}
        </>
      )}
    </div>
  );
}

/** Staffing advice from dispatch, each with one-click apply; and the same apply by hand. */
function StaffingAdvice({ ctx, config, onApplied }: { ctx: AppContext; config: ManagerConfig | null; onApplied: () => void }) {
  const { t, loc, lang } = useTr();
  const { socket, snapshot: s, hubNow } = ctx;
  const tz = s.centre.timeZone;
  const [advice, setAdvice] = useState<{ available: boolean; items: StaffingAdviceItem[]; summary: LocalizedText | null } | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [counterId, setCounterId] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [untilHhmm, setUntil] = useState('');
  const [level, setLevel] = useState<'primary' | 'secondary'>('secondary');
  const seq = s.seq;

  useEffect(() => {
    void call(socket, 'manager:staffingAdvice', {}).then((r) => {
      if (r.ok) setAdvice(r.data);
    });
    // Refresh with the queue, at most every few seconds is plenty for advice.
  }, [socket, Math.floor(seq / 5)]);

  const apply = async (input: { counterId: string; serviceId: string; level: 'primary' | 'secondary'; until: number; adviceId?: string }) => {
    const r = await call(socket, 'manager:applySkill', input);
    if (r.ok) {
      const c = s.counters.find((x) => x.id === input.counterId);
      setMsg({ ok: true, text: t('givenToCounterUntil', { value: c?.number ?? '', value2: fmtTime(input.until, tz) }) });
      onApplied();
    } else setMsg({ ok: false, text: errorText(r.error, lang) });
  };

  const untilMs = (): number | null => {
    const m = /^(\d{2}):(\d{2})$/.exec(untilHhmm);
    if (!m) return null;
    // Today at HH:mm on the hub's clock, in the centre's time zone.
    const nowLocal = new Date(hubNow);
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(nowLocal);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
    const minutesNow = get('hour') * 60 + get('minute') + get('second') / 60;
    const minutesThen = Number(m[1]) * 60 + Number(m[2]);
    return Math.round(hubNow + (minutesThen - minutesNow) * MIN);
  };

  return (
    <section className="card" aria-label={t('staffingAdvice')}>
      <h2>{t('staffingAdviceStaff')}</h2>
      {/* Never silent while citizens wait past the target: the queue now, and what would help when no extra skill does. */}
      {advice?.available && advice.summary && (
        <p className="advice-summary" data-testid="advice-summary" role="status">
          {advice.summary[lang]}
        </p>
      )}
      {advice?.available && advice.items.length === 0 && !advice.summary && <p className="muted">{t('noChangeNeededNow')}</p>}
      {advice && !advice.available && <p className="muted">{t('staffingAdviceIsNotAvailable')}</p>}
      {advice?.items.map((a) => (
        <AdviceCard key={a.id} item={a} ctx={ctx} onApply={apply} onTaskGiven={(text) => {
          setMsg({ ok: true, text });
          onApplied();
        }} onError={(text) => setMsg({ ok: false, text })} />
      ))}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const until = untilMs();
          if (!counterId || !serviceId || until === null) {
            setMsg({ ok: false, text: t('chooseACounterAService') });
            return;
          }
          void apply({ counterId, serviceId, level, until });
        }}
      >
        <h3>{t('temporarySkill')}</h3>
        <select aria-label={t('counterColumn')} value={counterId} onChange={(e) => setCounterId(e.target.value)}>
          <option value="">{t('pickCounter')}</option>
          {s.counters.map((c) => (
            <option key={c.id} value={c.id}>
              {t('counterColumn')} {c.number}
            </option>
          ))}
        </select>
        <select aria-label={t('service')} value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
          <option value="">{t('pickService')}</option>
          {s.services
            .filter((x) => x.active)
            .map((x) => (
              <option key={x.id} value={x.id}>
                {loc(x.name)}
              </option>
            ))}
        </select>
        <select aria-label={t('level')} value={level} onChange={(e) => setLevel(e.target.value as 'primary' | 'secondary')}>
          <option value="secondary">{t('secondary')}</option>
          <option value="primary">{t('primary')}</option>
        </select>
        <label className="inline">
          {t('until')} <input type="time" aria-label={t('untilTime')} value={untilHhmm} onChange={(e) => setUntil(e.target.value)} />
        </label>
        <button type="submit">{t('give')}</button>
      </form>
      {msg && (
        <p className={msg.ok ? 'okmsg' : 'error'} role="status">
          {msg.text}
        </p>
      )}
      {config && config.temporarySkills.length > 0 && (
        <ul className="plain">
          {config.temporarySkills.map((tmp) => (
            <li key={tmp.id}>
              {t('counterColumn')} {s.counters.find((c) => c.id === tmp.counterId)?.number} + {loc(s.services.find((x) => x.id === tmp.serviceId)?.name)} {t('until')} {fmtTime(tmp.until, tz)}{' '}
              <button
                type="button"
                className="link"
                onClick={() =>
                  void call(socket, 'manager:removeSkill', { id: tmp.id }).then((r) => {
                    if (r.ok) onApplied();
                    else setMsg({ ok: false, text: errorText(r.error, lang) });
                  })
                }
              >
                {t('remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
