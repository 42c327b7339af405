import type { AppContext } from '../App';
import { Catalog } from './Catalog';
import { Clerks } from './Clerks';
import { Counters } from './Counters';
import { Devices } from './Devices';
import { Settings } from './Settings';
import { translate, useTr } from '../i18n';

const TABS = [
  { id: 'catalog', ...translate.both('tabFieldsServicesProcedures') },
  { id: 'counters', ...translate.both('tabCounters') },
  { id: 'clerks', ...translate.both('tabClerks') },
  { id: 'devices', ...translate.both('tabDevices') },
  { id: 'settings', ...translate.both('tabHoursPriorityRating') },
] as const;

export function ConfigPage({ ctx, tab }: { ctx: AppContext; tab: string }) {
  const { lang } = useTr();
  const current = TABS.find((t) => t.id === tab)?.id ?? 'catalog';
  return (
    <div>
      <nav className="tabs">
        {TABS.map((t) => (
          <a key={t.id} href={`#/config/${t.id}`} className={current === t.id ? 'active' : ''}>
            {t[lang]}
          </a>
        ))}
      </nav>
      {current === 'catalog' && <Catalog ctx={ctx} />}
      {current === 'counters' && <Counters ctx={ctx} />}
      {current === 'clerks' && <Clerks ctx={ctx} />}
      {current === 'devices' && <Devices ctx={ctx} />}
      {current === 'settings' && <Settings ctx={ctx} />}
    </div>
  );
}
