/**
 * Live dashboard: per field the waiting count and the oldest wait against the 20-minute target,
 * wait alarms (15 / 20 minutes), counters and clerks with their state, devices that need a hand,
 * and staffing advice with a one-click apply.
 */
import { useEffect, useMemo, useState } from 'react';
import { TICKET_STATE_LABELS, waitLevel, waitStart, type Counter, type ManagerConfig, type StaffingAdviceItem } from '@motcua/shared';
import type { AppContext } from './App';
import { call, errorText } from './hub';
import { fmtTime, useTr } from './i18n';
import { useConfig } from './useConfig';
import { deviceProblems } from './config/Devices';

const MIN = 60_000;

export function Dashboard({ ctx }: { ctx: AppContext }) {
  const { tr, loc, lang } = useTr();
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
  const problems = deviceProblems(s.devices);

  return (
    <div className="dashboard">
      <section className="fields" aria-label={tr('Lĩnh vực', 'Fields')}>
        {byField.map(({ field, waiting: n, oldestMin }) => {
          const wait = oldestMin === null ? 'ok' : waitLevel(oldestMin, breachMin, warnMin);
          const level = wait === 'over' ? 'bad' : wait;
          return (
            <div key={field.id} className={`card field ${level}`} data-testid={`field-${field.code}`}>
              <div className="field-name">{loc(field.name)}</div>
              <div className="big">
                {n} <small>{tr('đang chờ', 'waiting')}</small>
              </div>
              <div className="meter" title={tr(`Chờ lâu nhất so với mục tiêu ${target} phút`, `Oldest wait against the ${target}-minute target`)}>
                <div className="fill" style={{ width: `${Math.min(100, ((oldestMin ?? 0) / target) * 100)}%` }} />
              </div>
              <div className="muted">
                {oldestMin === null ? tr('Không ai chờ', 'Nobody waiting') : tr(`Chờ lâu nhất ${Math.floor(oldestMin)} / ${target} phút`, `Oldest wait ${Math.floor(oldestMin)} / ${target} min`)}
              </div>
            </div>
          );
        })}
      </section>

      <div className="cols">
        <section className="card" aria-label={tr('Cảnh báo', 'Alarms')}>
          <h2>
            {tr('Cảnh báo thời gian chờ', 'Wait alarms')} <small className="muted">{tr(`(≥ ${warnMin} và ≥ ${breachMin} phút)`, `(≥ ${warnMin} and ≥ ${breachMin} min)`)}</small>
          </h2>
          {!alarms || alarms.alarms.length === 0 ? (
            <p className="muted" data-testid="no-alarms">
              {tr('Không có ai chờ quá ngưỡng.', 'Nobody is waiting past the thresholds.')}
            </p>
          ) : (
            <ul className="alarms" data-testid="alarm-list">
              {alarms.alarms.map((a) => (
                <li key={a.ticketId} className={a.level} data-testid="alarm-row">
                  <strong>{a.number}</strong> {loc(s.services.find((x) => x.id === a.serviceId)?.name)} —{' '}
                  {tr(`chờ ${Math.floor((hubNow - a.queuedAt) / MIN)} phút`, `waiting ${Math.floor((hubNow - a.queuedAt) / MIN)} min`)}
                  <span className={`tag ${a.level}`}>{a.level === 'breach' ? tr(`Quá ${breachMin} phút`, `Over ${breachMin} min`) : tr(`Quá ${warnMin} phút`, `Over ${warnMin} min`)}</span>
                </li>
              ))}
            </ul>
          )}
          {problems.length > 0 && (
            <>
              <h3>{tr('Thiết bị cần xử lý', 'Devices needing attention')}</h3>
              <ul className="alarms">
                {problems.map((p) => (
                  <li key={p.key} className="warn">
                    <strong>{p.device}</strong> — {p.text[lang]}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>

        <StaffingAdvice ctx={ctx} config={config} onApplied={reload} />
      </div>

      <section className="card">
        <h2>{tr('Quầy và cán bộ', 'Counters and clerks')}</h2>
        <table className="table" data-testid="counters">
          <thead>
            <tr>
              <th>{tr('Quầy', 'Counter')}</th>
              <th>{tr('Trạng thái', 'Status')}</th>
              <th>{tr('Cán bộ', 'Clerk')}</th>
              <th>{tr('Đang phục vụ', 'Current')}</th>
              <th>{tr('Kỹ năng chính', 'Primary skills')}</th>
              <th>{tr('Kỹ năng phụ', 'Secondary skills')}</th>
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
  const { tr, lang } = useTr();
  const s = ctx.snapshot;
  const current = s.tickets.find((t) => t.counterId === c.id && (t.state === 'called' || t.state === 'serving'));
  const clerk = config?.clerks.find((k) => k.id === c.clerkId);
  const code = (id: string) => s.services.find((x) => x.id === id)?.code ?? id;
  const temp = new Map((config?.temporarySkills ?? []).filter((t) => t.counterId === c.id).map((t) => [t.serviceId, t]));
  const skill = (id: string) => {
    const t = temp.get(id);
    return (
      <span key={id} className={`chip ${t ? 'temp' : ''}`} title={t ? tr(`Tạm thời đến ${fmtTime(t.until, tz)}`, `Temporary until ${fmtTime(t.until, tz)}`) : undefined}>
        {code(id)}
        {t ? ` → ${fmtTime(t.until, tz)}` : ''}
      </span>
    );
  };
  const status = c.status === 'open' ? (current ? 'busy' : 'idle') : c.status;
  const statusText: Record<string, [string, string]> = {
    busy: ['Đang phục vụ', 'Serving'],
    idle: ['Mở, đang rảnh', 'Open, idle'],
    paused: ['Tạm dừng', 'Paused'],
    closed: ['Đóng', 'Closed'],
  };
  const [vi, en] = statusText[status] ?? ['', ''];
  return (
    <tr data-testid={`counter-row-${c.number}`}>
      <td>
        <strong>{c.number}</strong> <span className="muted">{c.name[lang]}</span>
      </td>
      <td>
        <span className={`status ${status}`}>{tr(vi, en)}</span>
        {c.pauseReason && <div className="muted">{c.pauseReason}</div>}
      </td>
      <td>{clerk?.displayName ?? (c.clerkId ? c.clerkId : <span className="muted">—</span>)}</td>
      <td>{current ? `${current.number} (${TICKET_STATE_LABELS[current.state][lang]})` : <span className="muted">—</span>}</td>
      <td>{c.primary.map(skill)}</td>
      <td>{c.secondary.map(skill)}</td>
    </tr>
  );
}

/** Staffing advice from dispatch, each with one-click apply; and the same apply by hand. */
function StaffingAdvice({ ctx, config, onApplied }: { ctx: AppContext; config: ManagerConfig | null; onApplied: () => void }) {
  const { tr, loc, lang } = useTr();
  const { socket, snapshot: s, hubNow } = ctx;
  const tz = s.centre.timeZone;
  const [advice, setAdvice] = useState<{ available: boolean; items: StaffingAdviceItem[] } | null>(null);
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
      setMsg({ ok: true, text: tr(`Đã giao cho quầy ${c?.number ?? ''} đến ${fmtTime(input.until, tz)}.`, `Given to counter ${c?.number ?? ''} until ${fmtTime(input.until, tz)}.`) });
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
    <section className="card" aria-label={tr('Gợi ý điều phối', 'Staffing advice')}>
      <h2>{tr('Gợi ý điều phối nhân sự', 'Staffing advice')}</h2>
      {advice?.available && advice.items.length === 0 && <p className="muted">{tr('Hiện không cần điều chỉnh.', 'No change needed now.')}</p>}
      {advice && !advice.available && <p className="muted">{tr('Bộ gợi ý điều phối chưa sẵn sàng trên máy chủ này; có thể giao kỹ năng tạm thời bằng tay bên dưới.', 'Staffing advice is not available on this hub yet; give a temporary skill by hand below.')}</p>}
      {advice?.items.map((a) => (
        <div key={a.id} className="advice" data-testid="advice">
          <p>{a.text[lang]}</p>
          {a.effect && <p className="muted">{a.effect[lang]}</p>}
          <button type="button" className="primary" onClick={() => void apply({ counterId: a.counterId, serviceId: a.serviceId, level: a.level, until: a.until, adviceId: a.id })}>
            {tr('Áp dụng', 'Apply')}
          </button>
        </div>
      ))}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const until = untilMs();
          if (!counterId || !serviceId || until === null) {
            setMsg({ ok: false, text: tr('Chọn quầy, dịch vụ và giờ kết thúc.', 'Choose a counter, a service and an end time.') });
            return;
          }
          void apply({ counterId, serviceId, level, until });
        }}
      >
        <h3>{tr('Giao kỹ năng tạm thời', 'Temporary skill')}</h3>
        <select aria-label={tr('Quầy', 'Counter')} value={counterId} onChange={(e) => setCounterId(e.target.value)}>
          <option value="">{tr('— Quầy —', '— Counter —')}</option>
          {s.counters.map((c) => (
            <option key={c.id} value={c.id}>
              {tr('Quầy', 'Counter')} {c.number}
            </option>
          ))}
        </select>
        <select aria-label={tr('Dịch vụ', 'Service')} value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
          <option value="">{tr('— Dịch vụ —', '— Service —')}</option>
          {s.services
            .filter((x) => x.active)
            .map((x) => (
              <option key={x.id} value={x.id}>
                {loc(x.name)}
              </option>
            ))}
        </select>
        <select aria-label={tr('Mức', 'Level')} value={level} onChange={(e) => setLevel(e.target.value as 'primary' | 'secondary')}>
          <option value="secondary">{tr('Kỹ năng phụ', 'Secondary')}</option>
          <option value="primary">{tr('Kỹ năng chính', 'Primary')}</option>
        </select>
        <label className="inline">
          {tr('đến', 'until')} <input type="time" aria-label={tr('Đến giờ', 'Until')} value={untilHhmm} onChange={(e) => setUntil(e.target.value)} />
        </label>
        <button type="submit">{tr('Giao', 'Give')}</button>
      </form>
      {msg && (
        <p className={msg.ok ? 'okmsg' : 'error'} role="status">
          {msg.text}
        </p>
      )}
      {config && config.temporarySkills.length > 0 && (
        <ul className="plain">
          {config.temporarySkills.map((t) => (
            <li key={t.id}>
              {tr('Quầy', 'Counter')} {s.counters.find((c) => c.id === t.counterId)?.number} + {loc(s.services.find((x) => x.id === t.serviceId)?.name)} {tr('đến', 'until')} {fmtTime(t.until, tz)}{' '}
              <button
                type="button"
                className="link"
                onClick={() =>
                  void call(socket, 'manager:removeSkill', { id: t.id }).then((r) => {
                    if (r.ok) onApplied();
                    else setMsg({ ok: false, text: errorText(r.error, lang) });
                  })
                }
              >
                {tr('Bỏ', 'Remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
