/**
 * Staffing advice addressed to this counter (e.g. "Quầy 3: nhận thêm lĩnh vực Chứng thực đến
 * 11:00"), with accept / decline. Accepting gives the counter the skill for the stated time, as the
 * manager's one-click apply does. The advice is a forecast recomputed by the hub every few minutes,
 * so the panel asks for it when it opens and then every two minutes.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Lang, StaffingAdviceItem } from '@motcua/shared';
import { errorText, send, type CounterSocket } from '../hub';
import { tr } from '../i18n';

const REFRESH_MS = 120_000;

export function AdvicePanel({ socket, counterId, lang }: { socket: CounterSocket | null; counterId: string; lang: Lang }) {
  const [items, setItems] = useState<StaffingAdviceItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const refresh = useCallback(() => {
    if (!socket) return;
    void send(socket, 'counter:advice', { counterId }).then((r) => {
      if (r.ok) setItems(r.data);
    });
  }, [socket, counterId]);

  useEffect(() => {
    refresh();
    const t = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(t);
  }, [refresh]);

  const respond = (item: StaffingAdviceItem, accept: boolean): void => {
    if (!socket || busy) return;
    setBusy(true);
    void send(socket, 'counter:respondAdvice', { counterId, adviceId: item.id, accept }).then((r) => {
      setBusy(false);
      if (r.ok) setMessage(accept ? tr(lang, 'adviceAccepted') : tr(lang, 'adviceDeclined'));
      else setMessage(errorText(r.error, lang));
      refresh();
    });
  };

  if (items.length === 0 && !message) return null;
  return (
    <div className="advice" data-testid="advice">
      <h2>{tr(lang, 'adviceTitle')}</h2>
      {items.map((item) => (
        <div key={item.id} className="advice-item" data-testid="advice-item">
          <p>{item.text[lang]}</p>
          {item.effect && <p className="muted small">{item.effect[lang]}</p>}
          <div className="advice-actions">
            <button type="button" disabled={busy} onClick={() => respond(item, true)} data-testid="advice-accept">
              {tr(lang, 'adviceAccept')}
            </button>
            <button type="button" disabled={busy} onClick={() => respond(item, false)} data-testid="advice-decline">
              {tr(lang, 'adviceDecline')}
            </button>
          </div>
        </div>
      ))}
      {message && (
        <p className="muted small" role="status">
          {message}
        </p>
      )}
    </div>
  );
}
