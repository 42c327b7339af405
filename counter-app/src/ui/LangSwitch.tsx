import type { Lang } from '@motcua/shared';
import { tr } from '../i18n';

/** Vietnamese first; English for visitors and foreign staff. */
export function LangSwitch({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  return (
    <div className="lang" role="group" aria-label={`${tr('vi', 'languageSwitch')} / ${tr('en', 'languageSwitch')} (L)`} title="L">
      {(['vi', 'en'] as const).map((l) => (
        <button key={l} type="button" className={l === lang ? 'on' : ''} aria-pressed={l === lang} onMouseDown={(e) => e.preventDefault()} onClick={() => setLang(l)}>
          {l === 'vi' ? 'VI' : 'EN'}
        </button>
      ))}
    </div>
  );
}
