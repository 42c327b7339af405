import type { Dispatch } from 'react';
import { formatWait, type Snapshot } from '@motcua/shared';
import { choicesOfField, loadOf, searchChoices } from '../catalog';
import type { Action, Session } from '../flow';
import { Keyboard, Notice, useLang } from '../ui';

export function Procedures(props: { s: Session; snap: Snapshot; dispatch: Dispatch<Action>; fieldId: string | null }) {
  const { t, lang } = useLang();
  const { snap, s, dispatch } = props;
  const field = props.fieldId ? snap.fields.find((f) => f.id === props.fieldId) : null;
  const searching = props.fieldId === null;
  const list = searching ? searchChoices(snap, s.query) : choicesOfField(snap, props.fieldId ?? '');
  return (
    <div className={`screen screen-procedures ${searching ? 'is-search' : ''}`} data-testid="screen-procedures">
      <h1 className="title">{field ? field.name[lang] : t('searchTitle')}</h1>
      {searching && (
        <div className="search">
          <div className={`search-box ${s.query ? '' : 'is-empty'}`} data-testid="search-box" aria-live="polite">
            {s.query || t('searchPlaceholder')}
            <span className="caret" aria-hidden="true" />
          </div>
          <Keyboard mode="text" value={s.query} onChange={(query) => dispatch({ type: 'query', query })} />
        </div>
      )}
      <div className="list" role="list">
        {list.map((c) => {
          const load = loadOf(snap.loads, c.serviceId);
          const long = load?.next.long ?? false;
          return (
            <button key={c.key} type="button" role="listitem" className="list-item" onClick={() => dispatch({ type: 'chooseProcedure', procedureId: c.procedureId, serviceId: c.serviceId })} data-testid={`procedure-${c.nationalCode ?? c.serviceId}`}>
              <span className="list-name">{c.name[lang]}</span>
              <span className="list-meta">
                {c.nationalCode && <span className="code">{t('procedureCode', { code: c.nationalCode })}</span>}
                {load && <span className={long ? 'wait-long' : 'wait'}>{formatWait(load.next.wait, lang)}</span>}
              </span>
            </button>
          );
        })}
      </div>
      {searching && s.query.trim().length >= 2 && list.length === 0 && <Notice tone="info" testId="no-results">{t('noResults')}</Notice>}
    </div>
  );
}
