import { QRCodeSVG } from 'qrcode.react';
import { Star } from 'lucide-react';
import { formatClock, formatWait, PRIORITY_LABELS, type IssuedTicket, type Snapshot } from '@motcua/shared';
import { countersFor, serviceOf } from '../catalog';
import { printReasonText, type PrintState } from '../print';
import { joinOr } from '../i18n';
import { Button, Notice, useLang } from '../ui';

export function TicketView(props: { issued: IssuedTicket; print: PrintState; snap: Snapshot; onReprint: () => void; onDone: () => void; reprintError: string | null }) {
  const { t, lang } = useLang();
  const { issued, snap } = props;
  const ticket = issued.ticket;
  const service = serviceOf(snap, ticket.serviceId);
  const counters = ticket.targetCounterId ? snap.counters.filter((c) => c.id === ticket.targetCounterId) : countersFor(snap.counters, ticket.serviceId);
  const target = snap.centre.targetWaitMin;
  // With no printer available at all ('none') a reprint would only fail again.
  const canReprint = props.print.kind === 'failed' || props.print.kind === 'unknown';

  return (
    <div className="screen screen-ticket" data-testid="screen-ticket">
      <div className="ticket-card">
        <div className="ticket-label">{t('yourNumberIs')}</div>
        <div className="ticket-number" data-testid="ticket-number">
          {ticket.number}
        </div>
        <div className="ticket-service">{service?.name[lang]}</div>
        {(ticket.channel === 'appointment' || ticket.channel === 'remote') && ticket.slotAt !== null && (
          <div className="ticket-appointment" data-testid="ticket-appointment">
            {t(ticket.channel === 'remote' ? 'bookedOnlineBadge' : 'appointmentBadge', { time: formatClock(ticket.slotAt, snap.centre.timeZone) })}
          </div>
        )}
        {ticket.priorityGroup && <div className="ticket-priority"><Star className="icon" aria-hidden="true" /> {PRIORITY_LABELS[ticket.priorityGroup][lang]}</div>}
        <div className="ticket-figures">
          <div className="figure">
            <div className="figure-value" data-testid="people-ahead">
              {issued.place.peopleAhead}
            </div>
            <div className="figure-label">{t('peopleAheadLabel')}</div>
          </div>
          <div className="figure">
            <div className="figure-value figure-wait" data-testid="estimated-wait">
              {formatWait(issued.place.wait, lang)}
            </div>
            <div className="figure-label">{t('estimatedWaitLabel')}</div>
          </div>
        </div>
        <p className="where" data-testid="where-to-wait">
          {counters.length ? t('whereToWait', { counters: t('counterList', { list: joinOr(counters.map((c) => c.number), lang) }) }) : t('whereToWaitAny')}
        </p>
      </div>
      <div className="ticket-side">
        <div className="qr" data-testid="ticket-qr" data-url={issued.statusUrl}>
          <QRCodeSVG value={issued.statusUrl} size={320} level="M" marginSize={2} title={issued.statusUrl} />
          <div className="qr-caption">{t('scanToFollow')}</div>
        </div>
        <PrintStatus state={props.print} />
        {props.reprintError && <Notice tone="error">{props.reprintError}</Notice>}
        {issued.place.long && (
          <Notice tone="warn" testId="long-wait-sorry">
            {t('longWaitSorry', { target })}
          </Notice>
        )}
        <div className="row-actions">
          {canReprint && (
            <Button onClick={props.onReprint} testId="reprint">
              {t('reprint')}
            </Button>
          )}
          <Button variant="primary" big onClick={props.onDone} testId="done">
            {t('done')}
          </Button>
        </div>
      </div>
    </div>
  );
}

function PrintStatus(props: { state: PrintState }) {
  const { t, lang } = useLang();
  const s = props.state;
  switch (s.kind) {
    case 'printing':
      return (
        <Notice tone="ok" testId="print-status">
          {t('printing')}
        </Notice>
      );
    case 'printed':
      return (
        <Notice tone="ok" testId="print-status">
          {t('printed')}
        </Notice>
      );
    case 'resent':
      return (
        <Notice tone="ok" testId="print-status">
          {t('reprintSent')}
        </Notice>
      );
    case 'none':
      return (
        <Notice tone="warn" testId="print-status">
          {t('printNone')}
        </Notice>
      );
    case 'unknown':
      return (
        <Notice tone="info" testId="print-status">
          {t('printUnknown')}
        </Notice>
      );
    case 'failed':
      return (
        <Notice tone="error" title={t('printFailed', { reason: printReasonText(s.reason, lang) })} testId="print-failed">
          {t('printFailedKeep')}
        </Notice>
      );
  }
}
