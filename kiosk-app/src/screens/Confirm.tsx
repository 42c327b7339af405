import { useEffect, useState, type Dispatch } from 'react';
import { Nfc, Star } from 'lucide-react';
import { QRCodeSVG } from 'qrcode.react';
import { formatNumber, formatWait, placeAndWait, PRIORITY_LABELS, type Snapshot } from '@motcua/shared';
import type { PrinterProblem } from '../print';
import { loadOf, serviceOf } from '../catalog';
import { elderlyAgeOf, OTHER_PRIORITY_GROUPS } from '../citizen';
import { ChipGreeting } from './Chip';
import type { Action, Session } from '../flow';
import { nearbyWards, type NearbyWard } from '../nearby';
import { Button, Notice, useLang } from '../ui';
import { Greeting, PrinterNotices, ScanError } from './Home';

export function Confirm(props: { s: Session; snap: Snapshot; dispatch: Dispatch<Action>; procedureId: string | null; serviceId: string; onTake: () => void; printerTrouble: PrinterProblem | null; onChip: (() => void) | null }) {
  const { t, lang } = useLang();
  const { s, snap, dispatch } = props;
  const procedure = props.procedureId ? snap.procedures.find((p) => p.id === props.procedureId) : undefined;
  const service = serviceOf(snap, props.serviceId);
  const load = loadOf(snap.loads, props.serviceId);
  // A priority ticket's figures are its own (the hub predicts them with priority), not the line's.
  const place = load ? (s.priority ? load.priority : load.next) : null;
  const waitMin = load ? load.estimatedWaitMin : null;
  const target = snap.centre.targetWaitMin;
  const long = place?.long ?? false;
  // What happens to the card's data: beside the scan panel before a scan; once a card is read its
  // greeting fills that column, so the notice moves to the first one (in landscape a long name
  // would otherwise push it under the "Lấy số" button).
  const greeted = s.chip !== null || s.card !== null;
  const privacy = (
    <p className="privacy-notice" data-testid="privacy-notice">
      {snap.centre.retention.personalDataDays === 0 ? t('privacyNoticeToday') : t('privacyNotice', { days: snap.centre.retention.personalDataDays })}
    </p>
  );

  const [nearby, setNearby] = useState<NearbyWard[]>([]);
  const serviceCode = service?.code ?? '';
  useEffect(() => {
    if (!long || waitMin === null) return;
    let alive = true;
    void nearbyWards(serviceCode, waitMin).then((w) => alive && setNearby(w));
    return () => {
      alive = false;
    };
  }, [long, serviceCode, waitMin]);

  return (
    <div className="screen screen-confirm" data-testid="screen-confirm">
      <div className="confirm-main">
        <h1 className="title">{t('confirmTitle')}</h1>
        <div className="chosen" data-testid="chosen-procedure">
          <div className="chosen-name">{procedure?.name[lang] ?? service?.name[lang]}</div>
          {procedure && <div className="code">{t('procedureCode', { code: procedure.nationalCode })}</div>}
        </div>
        {place && !long && (
          <p className="wait-line" data-testid="wait-now">
            {place.peopleAhead === 0 && place.wait.kind === 'soon' ? t('nobodyWaiting') : t('nowAhead', { n: place.peopleAhead, wait: formatWait(place.wait, lang) })}
          </p>
        )}
        {place && long && (
          <Notice tone="warn" title={t('longWait', { n: place.peopleAhead, wait: formatWait(place.wait, lang), target })} testId="long-wait">
            <p>{t('longWaitOffer')}</p>
            <Button onClick={() => dispatch({ type: 'openSlots', serviceId: props.serviceId })} testId="book-later">
              {t('bookLater')}
            </Button>
            {nearby.length > 0 && (
              <div className="nearby" data-testid="nearby">
                <div className="notice-title">{t('nearbyTitle')}</div>
                <ul>
                  {nearby.map((w) => (
                    <li key={w.hubId} data-testid={`nearby-${w.hubId}`}>
                      <div className="nearby-ward">
                        {w.name[lang]} — {formatWait(placeAndWait({ peopleAhead: 0, lowMin: w.estimatedWaitMin, midMin: w.estimatedWaitMin, highMin: w.estimatedWaitMin, capped: false }, target).wait, lang)}
                        {w.distanceKm !== null ? ` · ${formatNumber(w.distanceKm, lang, 1, 1)} km` : ''}
                      </div>
                      {w.bookingUrl ? (
                        <div className="nearby-book" data-testid="nearby-book">
                          <QRCodeSVG value={w.bookingUrl} size={132} level="M" marginSize={2} aria-hidden="true" />
                          <span>{t('nearbyBookQr', { ward: w.name[lang] })}</span>
                        </div>
                      ) : (
                        <div className="nearby-no-book" data-testid="nearby-no-book">
                          {t('nearbyNoBooking')}
                        </div>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </Notice>
        )}
        <PrinterNotices s={{ ...s, unprinted: [] }} dispatch={dispatch} trouble={props.printerTrouble} />
        {greeted && privacy}
      </div>
      <div className="confirm-side">
        {s.chip ? (
          <ChipGreeting s={s} elderlyAge={elderlyAgeOf(snap.centre)} priorityLabel={s.priority ? PRIORITY_LABELS[s.priority][lang] : null} />
        ) : s.card ? (
          <Greeting s={s} snap={snap} dispatch={dispatch} />
        ) : (
          <div className="scan-panel" data-testid="scan-panel">
            <div className="scan-icon" aria-hidden="true">
              <span />
            </div>
            <div>
              <div className="scan-title">{t('scanTitle')}</div>
              <div className="scan-body">{t('scanBody')}</div>
            </div>
          </div>
        )}
        {props.onChip && !s.chip && (
          <Button onClick={props.onChip} testId="chip-use" big>
            <Nfc className="icon" aria-hidden="true" /> {t('chipUse')}
          </Button>
        )}
        {!greeted && privacy}
        <ScanError s={s} />
        <div className="priority">
          {s.priority && !s.priorityAuto && (
            <div className="priority-chosen" data-testid="priority-chosen">
              <Star className="icon" aria-hidden="true" /> {t('priorityChosen', { group: PRIORITY_LABELS[s.priority][lang] })}
            </div>
          )}
          <Button variant="ghost" onClick={() => dispatch({ type: 'togglePriorityGroups' })} testId="priority-ask" selected={s.showPriorityGroups}>
            {t('priorityAsk')}
          </Button>
          {s.showPriorityGroups && (
            <div className="priority-groups" data-testid="priority-groups">
              <p className="hint">{t('priorityHint')}</p>
              {(['elderly', ...OTHER_PRIORITY_GROUPS] as const).map((g) => (
                <Button key={g} onClick={() => dispatch({ type: 'setPriority', group: g })} selected={s.priority === g} testId={`priority-${g}`}>
                  {PRIORITY_LABELS[g][lang]}
                </Button>
              ))}
              <Button onClick={() => dispatch({ type: 'setPriority', group: null })} selected={s.priority === null} testId="priority-none">
                {t('priorityNone')}
              </Button>
            </div>
          )}
        </div>
        {s.error && (
          <Notice tone="error" testId="issue-error">
            {t('errorTryAgain', { message: s.error[lang] })}
          </Notice>
        )}
        <Button variant="primary" big onClick={props.onTake} testId="take-ticket" className="take">
          {long ? t('takeInstead') : t('takeTicketButton')}
        </Button>
      </div>
    </div>
  );
}
