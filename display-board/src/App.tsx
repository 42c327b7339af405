import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { HUB_TIME_ZONE, openingState } from '@motcua/shared';
import { parseBoardConfig, type BoardConfig } from './config';
import { BoardController } from './controller';
import { CallPanel, ClosedBanner, FieldLoads, Header, RecentCalls, ReconnectBanner, SoundButton, Ticker } from './components';

/** The waiting-room board at /display: one controller per page, configured from the URL. */
export function App() {
  const [config] = useState<BoardConfig>(() => parseBoardConfig(location.search, import.meta.env.BASE_URL, location.hash));
  const [controller, setController] = useState<BoardController | null>(null);
  useEffect(() => {
    if (config.token) {
      // The token is stored by the controller; keep it out of the address bar and history.
      const url = new URL(location.href);
      url.hash = '';
      history.replaceState(null, '', url);
    }
    const c = new BoardController(config);
    c.start();
    setController(c);
    return () => c.close();
  }, [config]);
  return controller ? <Board controller={controller} /> : null;
}

/** Re-renders every `ms` so the clock, flashing and staleness follow time. */
function useTick(ms: number): number {
  const [t, setT] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setT(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return t;
}

function Board({ controller: c }: { controller: BoardController }) {
  const view = useSyncExternalStore(c.link.subscribe, c.link.get);
  const subscribeQueue = useCallback((l: () => void) => c.queue.subscribe(l), [c]);
  const announcing = useSyncExternalStore(subscribeQueue, () => c.queue.current());
  useTick(1000);
  const localNow = Date.now();
  const live = BoardController.isLive(view);
  const model = c.model(view, localNow);
  const s = view.snapshot;
  const timeZone = s?.centre.timeZone ?? HUB_TIME_ZONE;
  const hubNow = c.hubNow(view, localNow);
  // Outside opening hours nobody can take a ticket: no expected wait for one.
  const closed = s ? !openingState(s.centre.opening, hubNow, s.centre.timeZone).open : false;
  return (
    <div className={`board${live ? '' : ' board--stale'}`} data-testid="board" data-live={live} data-announcing={announcing ? `${announcing.number}>${announcing.counterNumber}` : ''}>
      <Header centre={s?.centre ?? null} title={c.config.title} now={hubNow} timeZone={timeZone} extra={c.config.sound ? <SoundButton audio={c.audio} /> : null} />
      {live ? <ClosedBanner centre={s?.centre ?? null} now={hubNow} /> : <ReconnectBanner since={s ? c.hubNow(view, view.updatedAt) : null} timeZone={timeZone} />}
      <main className="main">
        <CallPanel call={model?.nowCalling ?? null} announcing={announcing !== null && announcing.key === model?.nowCalling?.key} />
        <RecentCalls calls={model?.recent ?? []} slots={c.config.recent} />
      </main>
      <FieldLoads fields={model?.fields ?? []} closed={closed} />
      <Ticker messages={c.config.ticker} />
    </div>
  );
}
