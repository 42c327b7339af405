/**
 * The week's "Khó khăn, vướng mắc, đề xuất": free text the manager writes for the city's weekly
 * report (Friday 16:00, the previous ISO week). Saved on the hub as an event (`manager:saveWeekNote`)
 * and sent to the city with the ward's other events; the latest text of a week counts.
 */
import { useEffect, useState } from 'react';
import { formatDate, type WeekNote as Note } from '@motcua/shared';
import type { AppContext } from './App';
import { call, errorText } from './hub';
import { fmtDateTime, useTr } from './i18n';

export function WeekNote({ ctx, day }: { ctx: AppContext; day: string }) {
  const { t, lang } = useTr();
  const { socket } = ctx;
  const [note, setNote] = useState<Note | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void call(socket, 'manager:weekNote', { day }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setNote(r.data);
        setText(r.data.text);
        setError(null);
      } else setError(errorText(r.error, lang));
    });
    return () => {
      live = false;
    };
  }, [socket, day, lang]);

  const save = async (): Promise<void> => {
    setBusy(true);
    setSaved(false);
    const r = await call(socket, 'manager:saveWeekNote', { day, text });
    setBusy(false);
    if (r.ok) {
      setNote(r.data);
      setError(null);
      setSaved(true);
    } else setError(errorText(r.error, lang));
  };

  return (
    <section className="card stack" data-testid="week-note">
      <h2>{t('weekNoteTitle', { week: note?.week ?? '…', from: note ? formatDate(note.weekFrom) : '…', to: note ? formatDate(note.weekTo) : '…' })}</h2>
      <p className="muted">{t('weekNoteHint')}</p>
      <textarea aria-label={t('weekNoteLabel')} rows={5} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} style={{ width: '100%', font: 'inherit' }} />
      <div className="inline-form">
        <button type="button" className="primary" onClick={() => void save()} disabled={busy || text === (note?.text ?? '')}>
          {t('weekNoteSave')}
        </button>
        {note?.savedAt ? <span className="muted">{t('weekNoteSavedAt', { at: fmtDateTime(note.savedAt, ctx.snapshot.centre.timeZone) })}</span> : null}
        {saved && <span role="status">{t('weekNoteSaved')}</span>}
      </div>
      {error && <p className="error">{error}</p>}
    </section>
  );
}
