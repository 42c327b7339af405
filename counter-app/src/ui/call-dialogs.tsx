/**
 * The two ways a clerk serves someone other than the next number dispatch chooses, each a keyboard
 * dialog like the pause and transfer ones: call a specific number (with a reason from a short list,
 * `other` with a note; the hub audits it as `ticket.called_specific`), and serve a walk-in who came
 * without a ticket (the hub creates the ticket and starts it here).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { CALL_SPECIFIC_REASONS, type CallSpecificReason, type Lang, type Service } from '@motcua/shared';
import { useChoiceKeys } from './dialogs';
import type { QueueEntry } from '../logic/counter-view';
import { minutesText, tr, type TextKey } from '../i18n';

const REASON_LABEL: Record<CallSpecificReason, TextKey> = {
  returned: 'reasonReturned',
  missed_call: 'reasonMissedCall',
  related_dossier: 'reasonRelatedDossier',
  priority_case: 'reasonPriorityCase',
  manager_request: 'reasonManagerRequest',
  other: 'reasonOther',
};


/** Ticket numbers are typed loosely ("a12", "A 012"): compared without spaces, case or leading zeros. */
export function numberKey(n: string): string {
  const m = /^([A-Za-z]*)\s*0*(\d*)$/.exec(n.trim().replace(/\s+/g, ''));
  return m ? `${m[1]!.toUpperCase()}${m[2]}` : n.trim().toUpperCase();
}

export interface CallTicketChoice {
  ticketId: string;
  reason: CallSpecificReason;
  note?: string;
}

export function CallTicketDialog({ lang, queue, serviceName, onConfirm, onCancel }: { lang: Lang; queue: QueueEntry[]; serviceName: (id: string) => string; onConfirm: (c: CallTicketChoice) => void; onCancel: () => void }) {
  const [typed, setTyped] = useState('');
  const [pickedId, setPickedId] = useState<string | null>(null);
  const [reason, setReason] = useState<CallSpecificReason | null>(null);
  const [note, setNote] = useState('');
  const numberRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => {
    const k = numberKey(typed);
    return k ? queue.filter((e) => numberKey(e.ticket.number).startsWith(k)) : queue;
  }, [typed, queue]);
  const exact = queue.find((e) => numberKey(e.ticket.number) === numberKey(typed));
  const picked = queue.find((e) => e.ticket.id === pickedId) ?? exact ?? (matches.length === 1 ? matches[0] : undefined);
  const noteNeeded = reason === 'other' && note.trim() === '';
  const ready = picked !== undefined && reason !== null && !noteNeeded;
  const confirm = () => {
    if (!ready || !picked || !reason) return;
    onConfirm(note.trim() ? { ticketId: picked.ticket.id, reason, note: note.trim() } : { ticketId: picked.ticket.id, reason });
  };
  useEffect(() => numberRef.current?.focus(), []);
  useEffect(() => {
    if (reason === 'other') noteRef.current?.focus();
  }, [reason]);
  useChoiceKeys({ onCancel, onConfirm: confirm, count: CALL_SPECIFIC_REASONS.length, onPick: (i) => setReason(CALL_SPECIFIC_REASONS[i]!) });
  const shown = matches.slice(0, 8);
  return (
    <div className="overlay">
      <div className="dialog wide" role="dialog" aria-modal="true" aria-labelledby="call-ticket-title" data-testid="call-ticket-dialog">
        <h2 id="call-ticket-title">{tr(lang, 'callTicketTitle')}</h2>
        <p className="muted small">{tr(lang, 'callTicketHint')}</p>
        <div className="columns">
          <section className="col" aria-label={tr(lang, 'callTicketNumber')}>
            <label>
              {tr(lang, 'callTicketNumber')}
              <input
                ref={numberRef}
                className="wide"
                name="ticket-number"
                autoComplete="off"
                value={typed}
                onChange={(e) => {
                  setTyped(e.target.value);
                  setPickedId(null);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Tab' && !e.shiftKey) {
                    // Tab from the number goes to the reasons: the digits pick one there.
                    e.preventDefault();
                    (e.target as HTMLInputElement).blur();
                  }
                }}
              />
            </label>
            {typed.trim() !== '' && matches.length === 0 && (
              <p className="error small" role="alert" data-testid="call-ticket-nomatch">
                {tr(lang, 'callTicketNoMatch')}
              </p>
            )}
            <ol className="choices">
              {shown.map((e) => {
                const on = picked?.ticket.id === e.ticket.id;
                return (
                  <li key={e.ticket.id}>
                    <button type="button" className={on ? 'choice on' : 'choice'} aria-pressed={on} data-number={e.ticket.number} onClick={() => setPickedId(e.ticket.id)}>
                      <strong>{e.ticket.number}</strong> <span className="muted small">— {serviceName(e.ticket.serviceId)} · {minutesText(e.waitMin, lang)}</span>
                    </button>
                  </li>
                );
              })}
              {matches.length > shown.length && <li className="muted small">{tr(lang, 'queueMore', { n: matches.length - shown.length })}</li>}
            </ol>
          </section>
          <section className="col" aria-label={tr(lang, 'callTicketReason')}>
            <h3>{tr(lang, 'callTicketReason')}</h3>
            <ol className="choices">
              {CALL_SPECIFIC_REASONS.map((r, i) => (
                <li key={r}>
                  <button type="button" className={reason === r ? 'choice on' : 'choice'} aria-pressed={reason === r} data-reason={r} onClick={() => setReason(r)}>
                    <kbd>{i + 1}</kbd> {tr(lang, REASON_LABEL[r])}
                  </button>
                </li>
              ))}
            </ol>
            {reason === 'other' && (
              <label>
                {tr(lang, 'callTicketNote')}
                <input ref={noteRef} className="wide" name="call-note" maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
              </label>
            )}
            {noteNeeded && <p className="muted small">{tr(lang, 'callTicketNoteNeeded')}</p>}
          </section>
        </div>
        <p className="muted small">{tr(lang, 'callTicketKeys')}</p>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            <kbd>Esc</kbd> {tr(lang, 'cancel')}
          </button>
          <button type="button" className="primary" disabled={!ready} onClick={confirm} data-testid="call-ticket-confirm">
            <kbd>Enter</kbd> {tr(lang, 'callTicket')} {picked ? picked.ticket.number : ''}
          </button>
        </div>
      </div>
    </div>
  );
}

export function WalkInDialog({ lang, services, onConfirm, onCancel }: { lang: Lang; services: Service[]; onConfirm: (serviceId: string) => void; onCancel: () => void }) {
  const [picked, setPicked] = useState<number | null>(services.length === 1 ? 0 : null);
  const service = picked === null ? undefined : services[picked];
  useChoiceKeys({
    onCancel,
    onConfirm: () => {
      if (service) onConfirm(service.id);
    },
    count: services.length,
    onPick: setPicked,
  });
  return (
    <div className="overlay">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="walkin-title" data-testid="walkin-dialog">
        <h2 id="walkin-title">{tr(lang, 'walkInTitle')}</h2>
        <p className="muted small">{tr(lang, 'walkInHint')}</p>
        <h3>{tr(lang, 'walkInService')}</h3>
        <ol className="choices">
          {services.map((s, i) => (
            <li key={s.id}>
              <button type="button" className={i === picked ? 'choice on' : 'choice'} aria-pressed={i === picked} data-service={s.code} onClick={() => setPicked(i)}>
                {i < 9 ? <kbd>{i + 1}</kbd> : <kbd className="ghost">·</kbd>} {s.name[lang]}
              </button>
            </li>
          ))}
        </ol>
        <p className="muted small">{tr(lang, 'walkInKeys')}</p>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            <kbd>Esc</kbd> {tr(lang, 'cancel')}
          </button>
          <button type="button" className="primary" disabled={!service} onClick={() => service && onConfirm(service.id)} data-testid="walkin-confirm">
            <kbd>Enter</kbd> {tr(lang, 'walkIn')}
          </button>
        </div>
      </div>
    </div>
  );
}
