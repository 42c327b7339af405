import type { AppContext } from '../App';
import { useTr } from '../i18n';
import { Catalog } from './Catalog';
import { Clerks } from './Clerks';
import { Counters } from './Counters';
import { Devices } from './Devices';
import { Settings } from './Settings';

const TABS = [
  { id: 'catalog', vi: 'Lĩnh vực, dịch vụ, thủ tục', en: 'Fields, services, procedures' },
  { id: 'counters', vi: 'Quầy', en: 'Counters' },
  { id: 'clerks', vi: 'Cán bộ', en: 'Clerks' },
  { id: 'devices', vi: 'Thiết bị', en: 'Devices' },
  { id: 'settings', vi: 'Giờ làm việc, ưu tiên, đánh giá', en: 'Hours, priority, rating' },
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
