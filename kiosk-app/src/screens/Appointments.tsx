import { QRCodeSVG } from 'qrcode.react';
import { useEffect, useState, type Dispatch } from 'react';
import { formatClock, type Appointment, type AppointmentSlot, type Snapshot } from '@motcua/shared';
import { serviceOf } from '../catalog';
import { appointmentQrPayload } from '../citizen';
import { errorMessage, type Action, type Message, type Session } from '../flow';
import { call, type KioskSocket } from '../hub';
import { tr } from '../i18n';
import { newRequestId } from '../reliable';
import { Button, Keyboard, Notice, useLang } from '../ui';

export function CheckIn(props: { s: Session; dispatch: Dispatch<Action>; onSubmit: () => void }) {
  const { t, lang } = useLang();
  const { s, dispatch } = props;
  const valid = /^[A-Z0-9]{4,12}$/.test(s.code);
  return (
    <div className="screen screen-checkin" data-testid="screen-checkin">
      <h1 className="title">{t('checkInTitle')}</h1>
      <p className="lead">{t('checkInHint')}</p>
      <div className={`code-box ${s.code ? '' : 'is-empty'}`} data-testid="code-box">
        {s.code || '——————'}
      </div>
      {s.error && (
        <Notice tone="error" testId="checkin-error">
          {s.error[lang]}
        </Notice>
      )}
      <Keyboard mode="code" value={s.code} maxLength={16} onChange={(code) => dispatch({ type: 'code', code })} />
      <Button variant="primary" big disabled={!valid} onClick={props.onSubmit} testId="checkin-submit" className="take">
        {t('checkInButton')}
      </Button>
    </div>
  );
}

export function Slots(props: { s: Session; snap: Snapshot; socket: KioskSocket; dispatch: Dispatch<Action>; serviceId: string; onTakeInstead: () => void }) {
  const { t, lang } = useLang();
  const { socket, serviceId, dispatch } = props;
  const [slots, setSlots] = useState<AppointmentSlot[] | null>(null);
  const [problem, setProblem] = useState<Message | 'unavailable' | null>(null);
  const [booking, setBooking] = useState(false);
  const service = serviceOf(props.snap, serviceId);
  const tz = props.snap.centre.timeZone;

  useEffect(() => {
    let alive = true;
    void call(socket, 'appointment:slots', { serviceId }).then((r) => {
      if (!alive) return;
      if (r.ok) setSlots(r.data.filter((x) => x.free > 0));
      else setProblem(r.error.code === 'service_unavailable' ? 'unavailable' : errorMessage(r.error, 'book'));
    });
    return () => {
      alive = false;
    };
  }, [socket, serviceId]);

  const book = (slotAt: number): void => {
    if (booking) return;
    setBooking(true);
    const card = props.s.card;
    void call(socket, 'appointment:book', { serviceId, slotAt, requestId: newRequestId(), ...(card?.nameReliable ? { citizenName: card.fullName } : {}) }).then((r) => {
      setBooking(false);
      if (r.ok) dispatch({ type: 'booked', appointment: r.data });
      else setProblem(errorMessage(r.error, 'book'));
    });
  };

  return (
    <div className="screen screen-slots" data-testid="screen-slots">
      <h1 className="title">{t('slotsTitle')}</h1>
      <p className="lead">{service?.name[lang]}</p>
      <p className="hint">{t('slotsHint')}</p>
      {problem && (
        <Notice tone="error" testId="slots-error">
          {problem === 'unavailable' ? t('slotsUnavailable') : problem[lang]}
        </Notice>
      )}
      {slots && slots.length === 0 && <Notice tone="info">{t('slotsNone')}</Notice>}
      <div className="slots">
        {(slots ?? []).slice(0, 12).map((x) => (
          <button key={x.slotAt} type="button" className="slot" disabled={booking} onClick={() => book(x.slotAt)} data-testid="slot">
            <span className="slot-time">{formatClock(x.slotAt, tz)}</span>
            <span className="slot-free">{t('slotFree', { n: x.free })}</span>
          </button>
        ))}
      </div>
      <Button onClick={props.onTakeInstead} testId="take-instead">
        {t('takeInstead')}
      </Button>
    </div>
  );
}

export function Booked(props: { appointment: Appointment; snap: Snapshot; onDone: () => void }) {
  const { t, lang } = useLang();
  const a = props.appointment;
  const service = serviceOf(props.snap, a.serviceId);
  return (
    <div className="screen screen-booked" data-testid="screen-booked">
      <div className="ticket-card">
        <div className="ticket-label">{t('bookedTitle')}</div>
        <div className="booked-time">{t('bookedAt', { time: formatClock(a.slotAt, props.snap.centre.timeZone) })}</div>
        <div className="ticket-service">{service?.name[lang]}</div>
        <div className="ticket-label">{t('bookedCode')}</div>
        <div className="ticket-number booked-code" data-testid="booked-code">
          {a.code}
        </div>
      </div>
      <div className="ticket-side">
        <div className="qr">
          <QRCodeSVG value={appointmentQrPayload(a.code)} size={300} level="M" marginSize={2} />
        </div>
        <Notice tone="info">{t('bookedHelp')}</Notice>
        <Button variant="primary" big onClick={props.onDone} testId="done">
          {t('done')}
        </Button>
      </div>
    </div>
  );
}

export function Issuing(props: { offline: boolean }) {
  const { t } = useLang();
  return (
    <div className="screen screen-issuing" data-testid="screen-issuing" aria-busy="true">
      <div className="spinner" aria-hidden="true" />
      <h1 className="title">{t('issuing')}</h1>
      {props.offline && (
        <Notice tone="warn" testId="issuing-offline">
          {t('issuingOffline')}
        </Notice>
      )}
    </div>
  );
}

export function Pairing(props: { socket: KioskSocket; connected: boolean; again: boolean; onPaired: (token: string) => void }) {
  const { t, lang } = useLang();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (): void => {
    if (busy) return;
    setBusy(true);
    void call(props.socket, 'device:pair', { code, name: tr('vi', 'kioskDeviceName') }).then((r) => {
      setBusy(false);
      if (r.ok && r.data.kind === 'kiosk') props.onPaired(r.data.token);
      else if (r.ok) setError(t('pairWrongKind'));
      else setError(errorMessage(r.error, 'issue')[lang]);
    });
  };
  return (
    <div className="screen screen-pairing" data-testid="screen-pairing">
      <h1 className="title">{t('pairTitle')}</h1>
      {props.again && <Notice tone="warn">{t('pairAgain')}</Notice>}
      <p className="lead">{t('pairHint')}</p>
      <div className={`code-box ${code ? '' : 'is-empty'}`} data-testid="pair-code">
        {code || '______'}
      </div>
      {error && (
        <Notice tone="error" testId="pair-error">
          {error}
        </Notice>
      )}
      <Keyboard mode="digits" value={code} maxLength={6} onChange={(c) => (setCode(c), setError(null))} />
      <Button variant="primary" big disabled={code.length !== 6 || !props.connected || busy} onClick={submit} testId="pair-submit">
        {t('pairButton')}
      </Button>
    </div>
  );
}
