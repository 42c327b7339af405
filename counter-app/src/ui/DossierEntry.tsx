/**
 * The dossier codes (mã hồ sơ) of the visit at the counter: typed, or scanned from the receipt by a
 * keyboard-wedge scanner (it types the code and presses Enter, which submits). Checked here with the
 * hub's own parser for an immediate answer (dossier-code.ts), then recorded by the hub
 * (`ticket:recordDossier`), which checks again and refuses a code already recorded. Reports count
 * dossiers received per procedure from these.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { DOSSIER_CODE_MESSAGES, parseDossierCode, type Lang, type LiveTicket, type Procedure } from '@motcua/shared';
import { errorText, send, type CounterSocket } from '../hub';
import { tr } from '../i18n';

export function DossierEntry({ socket, ticket, day, procedures, lang, disabled }: { socket: CounterSocket | null; ticket: LiveTicket; day: string; procedures: Procedure[]; lang: Lang; disabled: boolean }) {
  const [code, setCode] = useState('');
  const [procedureId, setProcedureId] = useState(ticket.procedureId ?? '');
  const [codes, setCodes] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A new visit starts with an empty list.
  useEffect(() => {
    setCodes([]);
    setError(null);
    setCode('');
    setProcedureId(ticket.procedureId ?? '');
  }, [ticket.id, ticket.procedureId]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!socket || busy) return;
    const parsed = parseDossierCode(code, day);
    if (!parsed.ok) {
      setError(DOSSIER_CODE_MESSAGES[parsed.reason][lang]);
      return;
    }
    setBusy(true);
    const r = await send(socket, 'ticket:recordDossier', { ticketId: ticket.id, code: parsed.value.code, ...(procedureId ? { procedureId } : {}) });
    setBusy(false);
    if (!r.ok) {
      // A refused code comes with its reason in both languages (message vi, detail en).
      setError(r.error.code === 'invalid_payload' && lang === 'en' && 'detail' in r.error && r.error.detail ? r.error.detail : errorText(r.error, lang));
      return;
    }
    setCodes(r.data.codes);
    setError(null);
    setCode('');
  };

  return (
    <form className="dossier" onSubmit={(e) => void submit(e)} data-testid="dossier-form">
      <label>
        {tr(lang, 'dossierCode')}
        <input name="dossier-code" autoComplete="off" placeholder="000.00.21.H29-250101-0001" value={code} onChange={(e) => setCode(e.target.value)} disabled={disabled} />
      </label>
      {procedures.length > 0 && (
        <label>
          {tr(lang, 'dossierProcedure')}
          <select name="dossier-procedure" value={procedureId} onChange={(e) => setProcedureId(e.target.value)} disabled={disabled}>
            <option value="">—</option>
            {procedures.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name[lang]}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit" disabled={disabled || busy || code.trim() === ''}>
        {tr(lang, 'dossierRecord')}
      </button>
      {error && (
        <p className="error small" role="alert" data-testid="dossier-error">
          {error}
        </p>
      )}
      {codes.length > 0 && (
        <p className="muted small" data-testid="dossier-codes">
          {tr(lang, 'dossierRecorded')}: {codes.join(', ')}
        </p>
      )}
    </form>
  );
}
