/**
 * The two dialogs of the clerk screen, each fully usable by keyboard: digits pick, Enter confirms,
 * Escape cancels (Tab switches column in the transfer dialog).
 */
import { useEffect, useRef, useState } from 'react';
import type { Counter, Lang, LocalizedText, Service } from '@motcua/shared';
import { digitIndex } from '../logic/shortcuts';
import { tr } from '../i18n';

export const PAUSE_REASONS: LocalizedText[] = (['pauseBreak', 'pauseMeeting', 'pauseBackOffice', 'pauseHelping', 'pauseTechnical'] as const).map((key) => tr.both(key));

/**
 * The keys of every choice dialog (pause, transfer, call a number, walk-in): Esc cancels, Enter
 * confirms, digit N picks choice N (not while typing in a field); `extra` may take a key first
 * (returns true when it did).
 */
export function useChoiceKeys(o: { onCancel: () => void; onConfirm: () => void; count: number; onPick: (i: number) => void; extra?: (e: KeyboardEvent) => boolean }): void {
  const ref = useRef(o);
  ref.current = o;
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      const c = ref.current;
      if (c.extra?.(e)) {
        e.preventDefault();
      } else if (e.code === 'Escape') {
        e.preventDefault();
        c.onCancel();
      } else if (e.code === 'Enter' || e.code === 'NumpadEnter') {
        e.preventDefault();
        c.onConfirm();
      } else if (!(e.target instanceof HTMLInputElement)) {
        const i = digitIndex(e.code);
        if (i !== null && i < c.count) {
          e.preventDefault();
          c.onPick(i);
        }
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);
}

/** Picks a pause reason. The reason is stored in Vietnamese whatever the screen language, for reports. */
export function PauseDialog({ lang, onConfirm, onCancel }: { lang: Lang; onConfirm: (reason: string) => void; onCancel: () => void }) {
  const [picked, setPicked] = useState(0);
  const [other, setOther] = useState('');
  const otherIndex = PAUSE_REASONS.length;
  const inputRef = useRef<HTMLInputElement>(null);
  const reason = picked === otherIndex ? other.trim() : PAUSE_REASONS[picked]!.vi;
  const confirm = () => {
    if (reason) onConfirm(reason);
  };
  useEffect(() => {
    if (picked === otherIndex) inputRef.current?.focus();
  }, [picked, otherIndex]);
  useChoiceKeys({ onCancel, onConfirm: confirm, count: otherIndex + 1, onPick: setPicked });
  return (
    <div className="overlay">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="pause-title">
        <h2 id="pause-title">{tr(lang, 'pauseTitle')}</h2>
        <ol className="choices">
          {[...PAUSE_REASONS.map((r) => r[lang]), tr(lang, 'otherReason')].map((label, i) => (
            <li key={label}>
              <button type="button" className={i === picked ? 'choice on' : 'choice'} aria-pressed={i === picked} onClick={() => setPicked(i)}>
                <kbd>{i + 1}</kbd> {label}
              </button>
            </li>
          ))}
        </ol>
        {picked === otherIndex && <input ref={inputRef} className="wide" maxLength={200} value={other} onChange={(e) => setOther(e.target.value)} aria-label={tr(lang, 'otherReason')} />}
        <p className="muted small">{tr(lang, 'pauseKeys')}</p>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            <kbd>Esc</kbd> {tr(lang, 'cancel')}
          </button>
          <button type="button" className="primary" disabled={!reason} onClick={confirm}>
            <kbd>Enter</kbd> {tr(lang, 'pause')}
          </button>
        </div>
      </div>
    </div>
  );
}

export type TransferTarget = { toServiceId: string } | { toCounterId: string };

/** Transfer to a service (any counter with the skill calls it) or to one named counter. */
export function TransferDialog({
  lang,
  number,
  services,
  counters,
  onConfirm,
  onCancel,
}: {
  lang: Lang;
  number: string;
  services: Service[];
  counters: Counter[];
  onConfirm: (to: TransferTarget) => void;
  onCancel: () => void;
}) {
  const [column, setColumn] = useState<'service' | 'counter'>('service');
  const [picked, setPicked] = useState<{ column: 'service' | 'counter'; index: number } | null>(null);
  const target: TransferTarget | null = !picked
    ? null
    : picked.column === 'service'
      ? services[picked.index]
        ? { toServiceId: services[picked.index]!.id }
        : null
      : counters[picked.index]
        ? { toCounterId: counters[picked.index]!.id }
        : null;
  useChoiceKeys({
    onCancel,
    onConfirm: () => {
      if (target) onConfirm(target);
    },
    count: (column === 'service' ? services : counters).length,
    onPick: (index) => setPicked({ column, index }),
    extra: (e) => {
      if (e.code !== 'Tab' && e.code !== 'ArrowLeft' && e.code !== 'ArrowRight') return false;
      setColumn((c) => (c === 'service' ? 'counter' : 'service'));
      return true;
    },
  });
  const item = (col: 'service' | 'counter', i: number, label: string, sub: string | null) => {
    const on = picked?.column === col && picked.index === i;
    return (
      <li key={`${col}-${i}`}>
        <button
          type="button"
          className={on ? 'choice on' : 'choice'}
          aria-pressed={on}
          onClick={() => {
            setColumn(col);
            setPicked({ column: col, index: i });
          }}
        >
          {column === col && i < 9 ? <kbd>{i + 1}</kbd> : <kbd className="ghost">·</kbd>} {label}
          {sub && <span className="muted small"> — {sub}</span>}
        </button>
      </li>
    );
  };
  const status = (c: Counter) => (c.status === 'open' ? tr(lang, 'statusOpen') : c.status === 'paused' ? tr(lang, 'statusPaused') : tr(lang, 'statusClosed'));
  return (
    <div className="overlay">
      <div className="dialog wide" role="dialog" aria-modal="true" aria-labelledby="transfer-title">
        <h2 id="transfer-title">
          {tr(lang, 'transferTitle')} <span className="ticket-chip">{number}</span>
        </h2>
        <div className="columns">
          <section className={column === 'service' ? 'col active' : 'col'} aria-label={tr(lang, 'toService')}>
            <h3>{tr(lang, 'toService')}</h3>
            <ol className="choices">{services.map((s, i) => item('service', i, s.name[lang], null))}</ol>
          </section>
          <section className={column === 'counter' ? 'col active' : 'col'} aria-label={tr(lang, 'toCounter')}>
            <h3>{tr(lang, 'toCounter')}</h3>
            <ol className="choices">{counters.map((c, i) => item('counter', i, c.name[lang], status(c)))}</ol>
          </section>
        </div>
        <p className="muted small">{tr(lang, 'dialogKeys')}</p>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            <kbd>Esc</kbd> {tr(lang, 'cancel')}
          </button>
          <button type="button" className="primary" disabled={!target} onClick={() => target && onConfirm(target)}>
            <kbd>Enter</kbd> {tr(lang, 'transfer')}
          </button>
        </div>
      </div>
    </div>
  );
}
