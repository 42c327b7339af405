import type { Dispatch } from 'react';
import { CalendarCheck, Search, Star } from 'lucide-react';
import { formatAhead, formatWait, PRIORITY_LABELS, type Snapshot } from '@motcua/shared';
import { availableFields, fieldPlace } from '../catalog';
import { displayName, elderlyAgeOf, maskIdNumber } from '../citizen';
import type { Action, Session } from '../flow';
import { printReasonText, type PrinterProblem } from '../print';
import { Button, Notice, useLang } from '../ui';

/** "Xin chào, Nguyễn Văn An!" with the masked card and any priority; nothing without a card. */
export function Greeting(props: { s: Session; snap: Snapshot; dispatch: Dispatch<Action>; compact?: boolean }) {
  const { t, lang } = useLang();
  const { card, priority, priorityAuto } = props.s;
  if (!card) return null;
  return (
    <div className="greeting" data-testid="greeting">
      <div className="greeting-hello">{card.nameReliable ? t('hello', { name: displayName(card.fullName) }) : t('helloNoName')}</div>
      <div className="greeting-card">{t('cardRead', { masked: maskIdNumber(card.idNumber) })}</div>
      {priority && priorityAuto && (
        <div className="greeting-priority" data-testid="priority-auto">
          <Star className="icon" aria-hidden="true" /> {t('priorityAuto', { group: PRIORITY_LABELS[priority][lang], age: elderlyAgeOf(props.snap.centre) })}
        </div>
      )}
      {!props.compact && (
        <Button variant="ghost" onClick={() => props.dispatch({ type: 'forgetCard' })} testId="forget-card">
          {t('forgetCard')}
        </Button>
      )}
    </div>
  );
}

export function ScanError(props: { s: Session }) {
  const { t, lang } = useLang();
  const e = props.s.scanError;
  if (!e) return null;
  if (e.seeClerk) {
    return (
      <Notice tone="warn" title={t('seeClerkTitle')} testId="scan-see-clerk">
        <p>{lang === 'vi' ? e.message : t('seeClerkWhy')}</p>
        <p>{t('seeClerkHelp')}</p>
      </Notice>
    );
  }
  return (
    <Notice tone="error" title={t('scanErrorTitle')} testId="scan-error">
      <p>{e.foreign ? t('foreignQr') : lang === 'vi' ? e.message : t('cardUnreadable')}</p>
      <p>{t('scanErrorHelp')}</p>
    </Notice>
  );
}

/** Print trouble the citizen should know before taking a ticket, and tickets whose print failed. */
export function PrinterNotices(props: { s: Session; dispatch: Dispatch<Action>; trouble: PrinterProblem | null }) {
  const { t, lang } = useLang();
  return (
    <>
      {props.trouble && (
        <Notice tone="warn" testId="printer-trouble">
          {t('printerTrouble', { reason: printReasonText(props.trouble, lang) })}
        </Notice>
      )}
      {props.s.unprinted.map((u) => (
        <button key={u.issued.ticket.id} type="button" className="notice notice-error notice-button" onClick={() => props.dispatch({ type: 'showUnprinted', ticketId: u.issued.ticket.id })} data-testid="unprinted">
          {t('unprintedTicket', { number: u.issued.ticket.number, reason: printReasonText(u.reason, lang) })}
        </button>
      ))}
    </>
  );
}

export function Home(props: { s: Session; snap: Snapshot; dispatch: Dispatch<Action>; printerTrouble: PrinterProblem | null }) {
  const { t, lang } = useLang();
  const { snap, dispatch } = props;
  const fields = availableFields(snap);
  return (
    <div className="screen screen-home" data-testid="screen-home">
      <h1 className="title">{t('homeTitle')}</h1>
      <Greeting s={props.s} snap={snap} dispatch={dispatch} />
      <ScanError s={props.s} />
      <PrinterNotices s={props.s} dispatch={dispatch} trouble={props.printerTrouble} />
      <p className="lead">{t('homeHint')}</p>
      <div className="tiles">
        {fields.map((f) => {
          const w = fieldPlace(snap, f.id);
          return (
            <button key={f.id} type="button" className="tile" onClick={() => dispatch({ type: 'chooseField', fieldId: f.id })} data-testid={`field-${f.code}`}>
              <span className="tile-name">{f.name[lang]}</span>
              {w && (
                <span className={`tile-sub ${w.long ? 'tile-long' : ''}`} data-testid={`field-wait-${f.code}`}>
                  {w.waiting === 0 && w.aheadMax === 0 ? t('nobodyWaitingShort') : `${formatWait(w.wait, lang)} · ${t('aheadCount', { n: formatAhead(w) })}`}
                </span>
              )}
            </button>
          );
        })}
      </div>
      <div className="row-actions">
        <Button big onClick={() => dispatch({ type: 'openSearch' })} testId="open-search">
          <Search className="icon" aria-hidden="true" /> {t('searchButton')}
        </Button>
        <Button big onClick={() => dispatch({ type: 'openCheckIn' })} testId="open-checkin">
          <CalendarCheck className="icon" aria-hidden="true" /> {t('appointmentButton')}
        </Button>
      </div>
      {!props.s.card && (
        <Notice tone="info" testId="scan-hint">
          {t('scanHint')}
        </Notice>
      )}
    </div>
  );
}
