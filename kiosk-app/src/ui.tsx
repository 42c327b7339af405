/**
 * Building blocks of the kiosk screens: the language context, big touch buttons, the on-screen
 * keyboard (a touch kiosk has no physical one), notices, and the idle and clock hooks.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { Delete } from 'lucide-react';
import type { Lang } from '@motcua/shared';
import { tr, type KeyOf } from './i18n';

export interface LangApi {
  lang: Lang;
  t: (key: KeyOf, vars?: Record<string, string | number>) => string;
}

export const LangContext = createContext<LangApi>({ lang: 'vi', t: (k, v) => tr('vi', k, v) });

export function useLang(): LangApi {
  return useContext(LangContext);
}

export function langApi(lang: Lang): LangApi {
  return { lang, t: (k, v) => tr(lang, k, v) };
}

export function Button(props: { onClick: () => void; children: ReactNode; variant?: 'primary' | 'secondary' | 'ghost' | 'danger'; big?: boolean; disabled?: boolean; testId?: string; selected?: boolean; className?: string }) {
  const cls = ['btn', `btn-${props.variant ?? 'secondary'}`, props.big ? 'btn-big' : '', props.selected ? 'btn-selected' : '', props.className ?? ''].filter(Boolean).join(' ');
  return (
    <button type="button" className={cls} onClick={props.onClick} disabled={props.disabled} data-testid={props.testId} aria-pressed={props.selected === undefined ? undefined : props.selected}>
      {props.children}
    </button>
  );
}

export function Notice(props: { tone: 'info' | 'warn' | 'error' | 'ok'; title?: string; children?: ReactNode; testId?: string }) {
  return (
    <div className={`notice notice-${props.tone}`} role={props.tone === 'error' ? 'alert' : 'status'} data-testid={props.testId}>
      {props.title && <div className="notice-title">{props.title}</div>}
      {props.children && <div className="notice-body">{props.children}</div>}
    </div>
  );
}

const TEXT_ROWS = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM.'];
const CODE_ROWS = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];
const DIGIT_ROWS = ['123', '456', '789', '0'];

/** An on-screen keyboard: 'text' for search, 'code' for booking codes, 'digits' for pairing. */
export function Keyboard(props: { mode: 'text' | 'code' | 'digits'; value: string; onChange: (v: string) => void; maxLength?: number }) {
  const { t } = useLang();
  const rows = props.mode === 'text' ? TEXT_ROWS : props.mode === 'code' ? CODE_ROWS : DIGIT_ROWS;
  const max = props.maxLength ?? 60;
  const press = (c: string): void => {
    if (props.value.length < max) props.onChange(props.value + (props.mode === 'text' ? c.toLowerCase() : c));
  };
  return (
    <div className={`keyboard keyboard-${props.mode}`} data-testid="keyboard">
      {rows.map((row) => (
        <div className="kb-row" key={row}>
          {[...row].map((c) => (
            <button type="button" key={c} className="kb-key" onClick={() => press(c)} data-key={c}>
              {c}
            </button>
          ))}
        </div>
      ))}
      <div className="kb-row">
        {props.mode === 'text' && (
          <button type="button" className="kb-key kb-wide" onClick={() => press(' ')} data-key="space">
            {t('space')}
          </button>
        )}
        <button type="button" className="kb-key kb-mid" onClick={() => props.onChange(props.value.slice(0, -1))} aria-label={t('backspace')} data-key="backspace">
          <Delete className="icon" aria-hidden="true" />
        </button>
        <button type="button" className="kb-key kb-mid" onClick={() => props.onChange('')} data-key="clear">
          {t('clear')}
        </button>
      </div>
    </div>
  );
}

/** The current time, re-rendered every `everyMs`. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

/**
 * Calls `onIdle` after `timeoutMs` without a touch or key while `active`; returns the seconds
 * left during the last 10 (for a countdown), else null. `resetKey` changing counts as activity
 * (a new screen appeared by itself, e.g. the ticket after a reconnect).
 */
export function useIdle(timeoutMs: number, active: boolean, onIdle: () => void, resetKey: unknown): number | null {
  const last = useRef(Date.now());
  const [left, setLeft] = useState<number | null>(null);
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;
  useEffect(() => {
    last.current = Date.now();
  }, [resetKey, active]);
  useEffect(() => {
    const touch = (): void => {
      last.current = Date.now();
      setLeft(null);
    };
    window.addEventListener('pointerdown', touch, true);
    window.addEventListener('keydown', touch, true);
    return () => {
      window.removeEventListener('pointerdown', touch, true);
      window.removeEventListener('keydown', touch, true);
    };
  }, []);
  useEffect(() => {
    if (!active) {
      setLeft(null);
      return;
    }
    const id = setInterval(() => {
      const remaining = timeoutMs - (Date.now() - last.current);
      if (remaining <= 0) {
        last.current = Date.now();
        setLeft(null);
        onIdleRef.current();
      } else {
        const warnFrom = Math.min(10_000, timeoutMs / 3);
        setLeft(remaining <= warnFrom ? Math.ceil(remaining / 1000) : null);
      }
    }, 250);
    return () => clearInterval(id);
  }, [active, timeoutMs]);
  return left;
}
