/**
 * `npm start -- --demo-traffic`: simulated citizens take tickets at the kiosk and simulated clerks
 * open counters 1–5, call, serve and finish, on an accelerated clock (one simulated minute per
 * `secondsPerMinute` real seconds), so a newcomer sees the boards move. Uses the real hub protocol.
 */
import { DEMO_ACCOUNTS, DEMO_COUNTERS, DEMO_SERVICES } from '@motcua/hub-server';
import { call, connectHub } from './demo-devices';

export interface TrafficOptions {
  hubUrl: string;
  kioskToken: string;
  secondsPerMinute?: number;
  /** Citizens per simulated hour. */
  perHour?: number;
}

export async function startDemoTraffic(opts: TrafficOptions): Promise<() => void> {
  const spm = opts.secondsPerMinute ?? 2;
  const perHour = opts.perHour ?? 60;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn();
    }, ms);
    timers.add(t);
  };
  // Exponential inter-arrival and service times (simulated minutes → real ms).
  const exp = (meanMin: number): number => -Math.log(1 - Math.random()) * meanMin * spm * 1000;

  const kiosk = await connectHub(opts.hubUrl, opts.kioskToken);
  let n = 0;
  const arrive = (): void => {
    const weights = [0.35, 0.25, 0.1, 0.1, 0.1, 0.1];
    let r = Math.random();
    const service = DEMO_SERVICES.find((_, i) => (r -= weights[i] ?? 0) < 0) ?? DEMO_SERVICES[0]!;
    void call(kiosk, 'ticket:issue', { serviceId: service.id, channel: 'kiosk', requestId: `demo-${Date.now()}-${n++}`, print: n % 5 === 0, priorityGroup: Math.random() < 0.08 ? 'elderly' : null }).catch(() => undefined);
    later(exp(60 / perHour), arrive);
  };
  arrive();

  const clerks = await Promise.all(
    DEMO_COUNTERS.map(async (counter, i) => {
      const account = DEMO_ACCOUNTS.find((a) => a.id === `u-${i + 1}`)!;
      const s = await connectHub(opts.hubUrl);
      await call(s, 'auth:login', { username: account.username, password: account.password, counterId: counter.id }).catch(() => undefined);
      await call(s, 'counter:open', { counterId: counter.id }).catch(() => undefined);
      const work = (): void => {
        call<{ id: string; serviceId: string }>(s, 'counter:callNext', { counterId: counter.id })
          .then((t) => {
            const mean = DEMO_SERVICES.find((x) => x.id === t.serviceId)?.expectedServiceMin ?? 8;
            later(exp(0.3), () => void call(s, 'ticket:start', { ticketId: t.id }).catch(() => undefined));
            later(exp(mean), work);
          })
          .catch(() => later(3000, work));
      };
      later(1000 + i * 700, work);
      return s;
    }),
  );
  return () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
    kiosk.close();
    for (const c of clerks) c.close();
  };
}
