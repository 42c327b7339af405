/**
 * Catalogue import: read a CSV or XLSX file, upload its rows in chunks (progress bar), show the
 * hub's check with every bad row, and apply — all rows, or only the good ones if the manager
 * accepts that. Nothing is applied half-way.
 */
import { useRef, useState } from 'react';
import type { ImportReport } from '@motcua/shared';
import { call, errorText, type HubSocket } from '../hub';
import { useTr } from '../i18n';
import { readTableFile } from '../table-file';

/** The hub takes messages up to 100 kB: chunks stay well under that, and at most 500 rows. */
const CHUNK_BYTES = 60_000;
const CHUNK_ROWS = 500;

function chunkRows(all: string[][]): string[][][] {
  const enc = new TextEncoder();
  const chunks: string[][][] = [[]];
  let bytes = 0;
  for (const raw of all) {
    const row = raw.slice(0, 40).map((c) => c.slice(0, 1000));
    const size = enc.encode(JSON.stringify(row)).length + 1;
    const last = chunks[chunks.length - 1] as string[][];
    if (last.length > 0 && (bytes + size > CHUNK_BYTES || last.length >= CHUNK_ROWS)) {
      chunks.push([row]);
      bytes = size;
    } else {
      last.push(row);
      bytes += size;
    }
  }
  return chunks;
}

type Phase = { step: 'idle' } | { step: 'reading' } | { step: 'uploading'; done: number; total: number } | { step: 'checking' } | { step: 'checked'; report: ImportReport } | { step: 'applying'; report: ImportReport } | { step: 'applied'; report: ImportReport };

export function ImportPanel({ socket }: { socket: HubSocket }) {
  const { t, lang } = useTr();
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const importId = useRef('');
  const input = useRef<HTMLInputElement>(null);

  const onFile = async (file: File) => {
    setError(null);
    setPhase({ step: 'reading' });
    let table;
    try {
      table = await readTableFile(file);
    } catch (e) {
      setPhase({ step: 'idle' });
      setError(t('cannotReadTheFile', { value: (e as Error).message }));
      return;
    }
    importId.current = `imp-${crypto.randomUUID()}`;
    const total = table.rows.length;
    setPhase({ step: 'uploading', done: 0, total });
    const chunks = chunkRows(table.rows);
    let offset = 0;
    for (const [i, rows] of chunks.entries()) {
      const r = await call(socket, 'manager:importStage', { importId: importId.current, fileName: file.name.slice(0, 200), header: i === 0 ? table.header.slice(0, 40) : undefined, offset, rows });
      if (!r.ok) {
        setPhase({ step: 'idle' });
        setError(errorText(r.error, lang));
        return;
      }
      offset = r.data.staged;
      setPhase({ step: 'uploading', done: offset, total });
    }
    setPhase({ step: 'checking' });
    const check = await call(socket, 'manager:importCheck', { importId: importId.current });
    if (!check.ok) {
      setPhase({ step: 'idle' });
      setError(errorText(check.error, lang));
      return;
    }
    setPhase({ step: 'checked', report: check.data });
  };

  const commit = async (report: ImportReport, acceptGoodRows: boolean) => {
    setPhase({ step: 'applying', report });
    const r = await call(socket, 'manager:importCommit', { importId: importId.current, acceptGoodRows });
    if (r.ok) setPhase({ step: 'applied', report: r.data });
    else {
      setPhase({ step: 'checked', report });
      setError(errorText(r.error, lang));
    }
  };

  const reset = () => {
    setPhase({ step: 'idle' });
    setError(null);
    if (input.current) input.current.value = '';
  };

  const percent =
    phase.step === 'reading' ? 5 : phase.step === 'uploading' ? 5 + (phase.total ? (phase.done / phase.total) * 75 : 75) : phase.step === 'checking' ? 85 : phase.step === 'checked' ? 90 : phase.step === 'applying' ? 95 : phase.step === 'applied' ? 100 : 0;
  const report = 'report' in phase ? phase.report : null;

  return (
    <section className="card" aria-label={t('importTheProcedureCatalogue')}>
      <h2>{t('importTheProcedureCatalogueCsv')}</h2>
      <p className="muted">
        {t('columnsProcedureCodeProcedureName')}
      </p>
      <input ref={input} type="file" accept=".csv,.xlsx,text/csv" aria-label={t('chooseACatalogueFile')} data-testid="import-file" onChange={(e) => e.target.files?.[0] && void onFile(e.target.files[0])} disabled={phase.step !== 'idle' && phase.step !== 'applied' && phase.step !== 'checked'} />
      {phase.step !== 'idle' && (
        <div className="progress" role="progressbar" aria-valuenow={Math.round(percent)} aria-valuemin={0} aria-valuemax={100} data-testid="import-progress">
          <div className="bar" style={{ width: `${percent}%` }} />
          <span>
            {phase.step === 'reading' && t('readingTheFile')}
            {phase.step === 'uploading' && t('uploadingRows', { done: phase.done, total: phase.total })}
            {phase.step === 'checking' && t('checking')}
            {phase.step === 'checked' && t('checked')}
            {phase.step === 'applying' && t('importing')}
            {phase.step === 'applied' && t('imported')}
          </span>
        </div>
      )}
      {report && (
        <div className="import-report" data-testid="import-report">
          <p>
            {t('rowsGoodErrorsNewProcedures', { total: report.total, good: report.good, length: report.errors.length, newProcedures: report.newProcedures, updatedProcedures: report.updatedProcedures, newFields: report.newFields })}
          </p>
          {report.errors.length > 0 && (
            <table className="table errors" data-testid="import-errors">
              <thead>
                <tr>
                  <th>{t('row')}</th>
                  <th>{t('column')}</th>
                  <th>{t('error')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e, i) => (
                  <tr key={i}>
                    <td>{e.row}</td>
                    <td>{e.column ?? '—'}</td>
                    <td>{e.message[lang]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {phase.step === 'checked' && (
            <div className="row-end">
              <button type="button" onClick={reset}>
                {t('cancel')}
              </button>
              {report.errors.length === 0 ? (
                <button type="button" className="primary" onClick={() => void commit(report, false)}>
                  {t('importProcedures', { good: report.good })}
                </button>
              ) : (
                <button type="button" className="primary" disabled={report.good === 0} onClick={() => void commit(report, true)}>
                  {t('importTheGoodRowsOnly', { good: report.good })}
                </button>
              )}
            </div>
          )}
          {phase.step === 'applied' && (
            <p className="okmsg" role="status">
              {t('importedProcedures', { good: report.good })}
            </p>
          )}
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
