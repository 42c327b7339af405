/** Devices: pair a kiosk, board or agent with a one-time code; each device's live health; revoke. */
import { useState } from 'react';
import type { Device, DeviceHealth, DeviceKind, LocalizedText } from '@motcua/shared';
import type { AppContext } from '../App';
import { call, errorText } from '../hub';
import { fmtDateTime, fmtTime, translate, useTr } from '../i18n';
import { ListTable } from './form';

export const HEALTH_LABELS: Record<DeviceHealth, LocalizedText> = {
  ready: translate.both('deviceReady'),
  paper_near_end: translate.both('devicePaperLow'),
  paper_out: translate.both('deviceOutOfPaper'),
  cover_open: translate.both('deviceCoverOpen'),
  offline: translate.both('deviceOffline'),
  error: translate.both('deviceError'),
  unknown: translate.both('deviceUnknown'),
};

const KIND_LABELS: Record<DeviceKind, LocalizedText> = {
  kiosk: translate.both('deviceTicketKiosk'),
  display: translate.both('deviceDisplayBoard'),
  agent: translate.both('deviceDeviceAgent'),
};

const PERIPHERAL_LABELS: Record<string, LocalizedText> = {
  printer: translate.both('devicePrinter'),
  scanner: translate.both('deviceScanner'),
  led: translate.both('deviceLedBoard'),
  keypad: translate.both('deviceKeypad'),
  rating_pad: translate.both('deviceRatingPad'),
  chip_reader: translate.both('deviceChipReader'),
};

export interface DeviceProblemLine {
  key: string;
  device: string;
  text: LocalizedText;
  /** A device offline outside working hours (`duringWorkingHours`): shown, marked, not an alarm. */
  offHours: boolean;
}

/**
 * Offline devices and peripherals that are not ready, for the dashboard. `working`: whether the
 * centre is within its hours and grace now; outside them an offline kiosk or board (switched off at
 * night) is listed as "ngoài giờ làm việc", not as trouble.
 */
export function deviceProblems(devices: readonly Device[], working: boolean): DeviceProblemLine[] {
  const out: DeviceProblemLine[] = [];
  const offHours = translate.both('deviceOffHours');
  for (const d of devices) {
    if (!d.online) {
      const offline = translate.both('deviceOffline');
      out.push({ key: `${d.id}:offline`, device: d.name, text: working ? offline : { vi: `${offline.vi} (${offHours.vi})`, en: `${offline.en} (${offHours.en})` }, offHours: !working });
    }
    for (const p of d.peripherals) {
      if (p.health === 'ready') continue;
      const kind = PERIPHERAL_LABELS[p.kind] ?? { vi: p.kind, en: p.kind };
      out.push({ key: `${d.id}:${p.name}`, device: d.name, text: { vi: `${kind.vi}: ${HEALTH_LABELS[p.health].vi}`, en: `${kind.en}: ${HEALTH_LABELS[p.health].en}` }, offHours: false });
    }
  }
  return out;
}

export function Devices({ ctx }: { ctx: AppContext }) {
  const { t, lang } = useTr();
  const { socket, snapshot: s } = ctx;
  const tz = s.centre.timeZone;
  const [kind, setKind] = useState<DeviceKind>('kiosk');
  const [counterId, setCounterId] = useState('');
  const [boundDeviceId, setBound] = useState('');
  const [code, setCode] = useState<{ code: string; expiresAt: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const devices = [...s.devices].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));

  const createCode = async () => {
    setError(null);
    const r = await call(socket, 'manager:createPairingCode', { kind, counterId: counterId || null, boundDeviceId: kind === 'agent' ? boundDeviceId || null : null });
    if (r.ok) setCode(r.data);
    else setError(errorText(r.error, lang));
  };
  const revoke = async (d: Device) => {
    if (!window.confirm(t('revokeItWillHaveTo', { name: d.name }))) return;
    const r = await call(socket, 'manager:revokeDevice', { id: d.id });
    if (!r.ok) setError(errorText(r.error, lang));
  };

  return (
    <div className="stack">
      <section className="card">
        <h2>{t('pairANewDevice')}</h2>
        <p className="muted">{t('createAOneTimeCode')}</p>
        <div className="inline-form">
          <select aria-label={t('deviceKind')} value={kind} onChange={(e) => setKind(e.target.value as DeviceKind)}>
            {(Object.keys(KIND_LABELS) as DeviceKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k][lang]}
              </option>
            ))}
          </select>
          <select aria-label={t('boundToCounter')} value={counterId} onChange={(e) => setCounterId(e.target.value)}>
            <option value="">{t('noCounter')}</option>
            {s.counters.map((c) => (
              <option key={c.id} value={c.id}>
                {t('counterColumn')} {c.number}
              </option>
            ))}
          </select>
          {kind === 'agent' && (
            <select aria-label={t('servesKioskBoard')} value={boundDeviceId} onChange={(e) => setBound(e.target.value)}>
              <option value="">{t('noDevice')}</option>
              {s.devices
                .filter((d) => d.kind !== 'agent')
                .map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
            </select>
          )}
          <button type="button" className="primary" onClick={() => void createCode()}>
            {t('createPairingCode')}
          </button>
        </div>
        {code && (
          <p className="pairing">
            {t('pairingCode')}: <strong data-testid="pairing-code">{code.code}</strong>{' '}
            <span className="muted">
              {t('expiresAt')} {fmtTime(code.expiresAt, tz)}
            </span>
          </p>
        )}
        {error && <p className="error">{error}</p>}
      </section>

      <section className="card">
        <h2>{t('devices')}</h2>
        <ListTable testId="devices" headers={[t('name'), t('kind'), t('counterColumn'), t('connection'), t('health'), t('lastSeen')]}>
          {devices.map((d) => (
            <tr key={d.id} data-testid={`device-${d.id}`}>
              <td>{d.name}</td>
              <td>{KIND_LABELS[d.kind][lang]}</td>
              <td>{s.counters.find((c) => c.id === d.counterId)?.number ?? '—'}</td>
              <td>
                <span className={`status ${d.online ? 'idle' : 'closed'}`}>{d.online ? t('online') : t('offline')}</span>
              </td>
              <td>
                {d.peripherals.length === 0 && <span className="muted">—</span>}
                {d.peripherals.map((p) => (
                  <span key={p.name} className={`chip health-${p.health}`} title={p.detail ?? undefined}>
                    {(PERIPHERAL_LABELS[p.kind] ?? { vi: p.name, en: p.name })[lang]}: {HEALTH_LABELS[p.health][lang]}
                  </span>
                ))}
              </td>
              <td className="muted">{d.lastSeenAt ? fmtDateTime(d.lastSeenAt, tz) : '—'}</td>
              <td>
                <button type="button" className="link danger" onClick={() => void revoke(d)}>
                  {t('revoke')}
                </button>
              </td>
            </tr>
          ))}
        </ListTable>
      </section>
    </div>
  );
}
