/**
 * What the configuration forms share: the last save's outcome (a hub Result turned into a
 * message), the record being edited with its save/cancel, and the markup around them — the edit
 * form with its Save/Cancel buttons, the list table, a row's Edit/Delete, the Vietnamese/English
 * name inputs and a select over catalogue items.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { Lang, LocalizedText, Result } from '@motcua/shared';
import { errorText } from '../hub';
import { useTr } from '../i18n';

export type Msg = { ok: boolean; text: string } | null;

export interface Outcome {
  msg: Msg;
  setMsg: (m: Msg) => void;
  /** Shows `ok(data)` and runs `then(data)` when the hub accepted, else the hub's error in the manager's language. */
  report: <T>(r: Result<T>, ok: (data: T) => string, then?: (data: T) => void) => void;
}

/** The message for a hub Result: `ok(data)` when accepted, else the error in `lang`. */
export function resultMsg<T>(r: Result<T>, ok: (data: T) => string, lang: Lang): Msg {
  return r.ok ? { ok: true, text: ok(r.data) } : { ok: false, text: errorText(r.error, lang) };
}

export function useOutcome(): Outcome {
  const { lang } = useTr();
  const [msg, setMsg] = useState<Msg>(null);
  const report: Outcome['report'] = (r, ok, then) => {
    setMsg(resultMsg(r, ok, lang));
    if (r.ok) then?.(r.data);
  };
  return { msg, setMsg, report };
}

export interface Editor<T> {
  /** The record being edited, or null when no form is open. */
  draft: T | null;
  /** Opens the form on a record (null closes it). */
  edit: (d: T | null) => void;
  /** Changes some of the open record's fields. */
  patch: (p: Partial<T>) => void;
  /** Sends the open record; on success reports `ok`, closes the form and runs `after`. */
  submit: () => void;
  cancel: () => void;
}

export function useEditor<T, R>(outcome: Outcome, save: (draft: T) => Promise<Result<R>>, ok: (data: R) => string, after?: () => void): Editor<T> {
  const [draft, setDraft] = useState<T | null>(null);
  return {
    draft,
    edit: setDraft,
    patch: (p) => setDraft((d) => (d ? { ...d, ...p } : d)),
    submit: () => {
      if (!draft) return;
      void save(draft).then((r) =>
        outcome.report(r, ok, () => {
          setDraft(null);
          after?.();
        }),
      );
    },
    cancel: () => setDraft(null),
  };
}

/** The outcome line: green status or red alert. */
export function OutcomeMsg({ msg, as: Tag = 'p', testId }: { msg: Msg; as?: 'p' | 'span'; testId?: string }) {
  if (!msg) return null;
  return (
    <Tag className={msg.ok ? 'okmsg' : 'error'} role={msg.ok ? 'status' : 'alert'} data-testid={testId}>
      {msg.text}
    </Tag>
  );
}

/** A form's submit handler that stays on the page. */
export function onSubmitted(run: () => void): (e: FormEvent) => void {
  return (e) => {
    e.preventDefault();
    run();
  };
}

/** The row ending a card form: anything given first (the outcome), Cancel (or Revert), then Save. */
export function FormActions({ onCancel, cancelLabel, saveLabel, className = 'row-end', children }: { onCancel: () => void; cancelLabel?: string; saveLabel?: string; className?: string; children?: ReactNode }) {
  const { t } = useTr();
  return (
    <div className={className}>
      {children}
      <button type="button" onClick={onCancel}>
        {cancelLabel ?? t('cancel')}
      </button>
      <button type="submit" className="primary">
        {saveLabel ?? t('save')}
      </button>
    </div>
  );
}

/**
 * The form editing one record: a card of its own (`card`, buttons at the end: Cancel, Save) or
 * inline under a list (`subform`, Save and Cancel after the inputs).
 */
export function EditForm<T>({ editor, variant, label, saveLabel, children }: { editor: Editor<T>; variant: 'card' | 'subform'; label?: string; saveLabel?: string; children: ReactNode }) {
  const { t } = useTr();
  return (
    <form className={variant} aria-label={label} onSubmit={onSubmitted(editor.submit)}>
      {children}
      {variant === 'card' ? (
        <FormActions onCancel={editor.cancel} saveLabel={saveLabel} />
      ) : (
        <>
          <button type="submit" className="primary">
            {saveLabel ?? t('save')}
          </button>
          <button type="button" onClick={editor.cancel}>
            {t('cancel')}
          </button>
        </>
      )}
    </form>
  );
}

/** A list of records: column headers (and an empty one over the row actions), then the rows. */
export function ListTable({ headers, testId, children }: { headers?: string[]; testId?: string; children: ReactNode }) {
  return (
    <table className="table" data-testid={testId}>
      {headers && (
        <thead>
          <tr>
            {headers.map((h, i) => (
              <th key={i}>{h}</th>
            ))}
            <th />
          </tr>
        </thead>
      )}
      <tbody>{children}</tbody>
    </table>
  );
}

/** A row's Edit and (when given) Delete links. */
export function RowActions({ onEdit, onDelete }: { onEdit: () => void; onDelete?: () => void }) {
  const { t } = useTr();
  return (
    <td className="actions">
      <button type="button" className="link" onClick={onEdit}>
        {t('edit')}
      </button>
      {onDelete && (
        <button type="button" className="link danger" onClick={onDelete}>
          {t('delete')}
        </button>
      )}
    </td>
  );
}

/** The Vietnamese and English name inputs of a catalogue item (both required). */
export function NameInputs({ value, onChange, viPlaceholder, viClassName }: { value: LocalizedText; onChange: (name: LocalizedText) => void; viPlaceholder?: string; viClassName?: string }) {
  const { t } = useTr();
  return (
    <>
      <input className={viClassName} aria-label={t('vietnameseName')} placeholder={viPlaceholder ?? t('vietnameseName')} value={value.vi} onChange={(e) => onChange({ ...value, vi: e.target.value })} required />
      <input aria-label={t('englishName')} placeholder={t('englishName')} value={value.en} onChange={(e) => onChange({ ...value, en: e.target.value })} required />
    </>
  );
}

/** A select over catalogue items (fields, services), each shown by its name in the manager's language. */
export function ItemSelect({ label, items, value, onChange }: { label: string; items: readonly { id: string; name: LocalizedText }[]; value: string; onChange: (id: string) => void }) {
  const { lang } = useTr();
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {items.map((x) => (
        <option key={x.id} value={x.id}>
          {x.name[lang]}
        </option>
      ))}
    </select>
  );
}
