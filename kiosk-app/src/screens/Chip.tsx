/**
 * The chip ID card (CCCD gắn chip): enter the CAN when the QR was not read first (or its keys did
 * not open the chip), "Đặt thẻ lên đầu đọc" while the kiosk's own agent reads it, and an error
 * screen that offers the QR path. The greeting after a read is on the confirm screen.
 */
import type { Dispatch } from 'react';
import { CreditCard, Nfc } from 'lucide-react';
import type { Action, Session } from '../flow';
import { displayName } from '../citizen';
import { Button, Keyboard, Notice, useLang } from '../ui';

type ChipScreen = Extract<Session['screen'], { name: 'chip' }>;

export function Chip(props: { screen: ChipScreen; dispatch: Dispatch<Action>; onRead: (can: string) => void }) {
  const { t, lang } = useLang();
  const { screen, dispatch } = props;
  if (screen.step === 'can') {
    return (
      <div className="screen screen-chip" data-testid="screen-chip-can">
        <h1 className="title">{t('chipCanTitle')}</h1>
        <p className="lead">{t('chipCanBody')}</p>
        {screen.error && (
          <Notice tone="warn" testId="chip-can-note">
            {lang === 'vi' ? screen.error.message : screen.error.messageEn}
          </Notice>
        )}
        <div className={`code-box ${screen.can ? '' : 'is-empty'}`} data-testid="chip-can-box">
          {screen.can || '——————'}
        </div>
        <Keyboard mode="digits" value={screen.can} maxLength={6} onChange={(can) => dispatch({ type: 'chipCan', can })} />
        <Button variant="primary" big disabled={!/^\d{6}$/.test(screen.can)} onClick={() => props.onRead(screen.can)} testId="chip-can-submit" className="take">
          {t('chipContinue')}
        </Button>
      </div>
    );
  }
  if (screen.step === 'error') {
    return (
      <div className="screen screen-chip" data-testid="screen-chip-error">
        <Notice tone="error" title={t('chipErrorTitle')} testId="chip-error">
          <p>{screen.error ? (lang === 'vi' ? screen.error.message : screen.error.messageEn) : t('chipUnavailable')}</p>
          <p>{t('chipErrorHelp')}</p>
        </Notice>
        <Button variant="primary" big onClick={() => dispatch({ type: 'back' })} testId="chip-use-qr" className="take">
          {t('chipUseQr')}
        </Button>
        {screen.error && !screen.error.fallbackToQr && (
          <Button big onClick={() => props.onRead(screen.can)} testId="chip-again">
            {t('chipTryAgain')}
          </Button>
        )}
      </div>
    );
  }
  return (
    <div className="screen screen-chip" data-testid="screen-chip-place">
      <h1 className="title">{t('chipPlaceTitle')}</h1>
      <div className="chip-reader-art" aria-hidden="true">
        <Nfc className="icon-huge" />
        <CreditCard className="icon-huge" />
      </div>
      <p className="lead">{t('chipPlaceBody')}</p>
      <div className="spinner" aria-hidden="true" />
    </div>
  );
}

/** The confirm screen's greeting after a chip read: the name, whether the data is verified, the age priority it gave. */
export function ChipGreeting(props: { s: Session; elderlyAge: number; priorityLabel: string | null }) {
  const { t } = useLang();
  const chip = props.s.chip;
  if (!chip) return null;
  return (
    <div className="greeting" data-testid="chip-greeting">
      <div className="greeting-hello">{t('hello', { name: displayName(chip.fullName) })}</div>
      <div className="greeting-card">{t('chipRead')}</div>
      <div className="greeting-card" data-testid="chip-verified">{chip.verified ? t('chipVerified') : t('chipNotVerified')}</div>
      {props.s.priorityAuto && props.priorityLabel && (
        <div className="greeting-priority" data-testid="priority-auto">
          {t('priorityAuto', { group: props.priorityLabel, age: props.elderlyAge })}
        </div>
      )}
    </div>
  );
}
