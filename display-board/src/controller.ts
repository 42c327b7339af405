/**
 * Everything a board does besides drawing: the hub link, the call tracker and the announcer.
 * The React tree reads it through `subscribe`/`view`; nothing here depends on React.
 */
import { io, type Socket } from 'socket.io-client';
import { planAnnouncement, PROTOCOL_VERSION, type AnnouncementLang, type CallRecord, type ClientToServerEvents, type ServerToClientEvents, type Snapshot, type VoicePack } from '@motcua/shared';
import type { BoardConfig } from './config';
import { createBoardLink, type BoardLink, type BoardView } from './link';
import { boardFilter, buildBoardModel, callKey, callMatches, CallTracker, staleCall, type BoardModel } from './model';
import { loadVoicePack } from './announcer/packs';
import { performWith } from './announcer/perform';
import { AnnouncementQueue, type AnnouncementRecord } from './announcer/queue';
import { WebAudioOutput, type AudioState } from './announcer/web-audio';

const TOKEN_KEY = 'motcua.token';

export type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Read by tests and by someone debugging a board from the browser console. */
export interface BoardDiagnostics {
  config: BoardConfig;
  announcements(): readonly AnnouncementRecord[];
  view(): BoardView;
  packs(): { loaded: AnnouncementLang[]; errors: string[] };
  audio(): AudioState;
}

declare global {
  interface Window {
    __motcuaBoard?: BoardDiagnostics;
  }
}

export class BoardController {
  readonly socket: BoardSocket;
  readonly link: BoardLink;
  readonly queue: AnnouncementQueue;
  readonly audio: WebAudioOutput;
  private readonly tracker = new CallTracker();
  private readonly packs: Partial<Record<AnnouncementLang, VoicePack>> = {};
  private readonly packErrors: string[] = [];
  private readonly cleanups: (() => void)[] = [];
  /** The call behind each queued announcement, to check it is still current when its turn comes. */
  private readonly queuedCalls = new Map<string, CallRecord>();

  constructor(
    readonly config: BoardConfig,
    private readonly now: () => number = () => Date.now(),
  ) {
    if (config.token) localStorage.setItem(TOKEN_KEY, config.token);
    const token = localStorage.getItem(TOKEN_KEY) ?? undefined;
    this.socket = io({
      auth: token ? { protocolVersion: PROTOCOL_VERSION, token } : { protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket', 'polling'],
      // Retry often: a board on the LAN should be back within seconds of the network.
      reconnectionDelay: 500,
      reconnectionDelayMax: 2000,
      randomizationFactor: 0.3,
    });
    this.link = createBoardLink(this.socket, {
      now,
      onHeartbeat: (fn) => {
        this.socket.io.on('ping', fn);
        return () => this.socket.io.off('ping', fn);
      },
    });
    this.audio = new WebAudioOutput();
    this.queue = new AnnouncementQueue(performWith(this.audio, now), { now, maxWaitMs: 60_000, stale: (job) => this.staleReason(job.key) });
  }

  start(): void {
    this.socket.on('connect_error', (e) => {
      if (e.message === 'unauthenticated') {
        // A revoked or mistyped device token: the board still works as a public screen.
        localStorage.removeItem(TOKEN_KEY);
        this.socket.auth = { protocolVersion: PROTOCOL_VERSION };
      } else if (e.message === 'protocol_mismatch') {
        // The hub was updated: it serves the matching board, so load it.
        setTimeout(() => location.reload(), 5000);
      }
    });
    this.cleanups.push(this.link.subscribe(() => this.onView()));
    const timer = setInterval(() => this.link.tick(), 1000);
    this.cleanups.push(() => clearInterval(timer));
    const online = (): void => this.link.reconnectNow();
    const offline = (): void => this.link.dropNow();
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    this.cleanups.push(() => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    });
    if (this.config.sound) void this.loadPacks();
    window.__motcuaBoard = {
      config: this.config,
      announcements: () => this.queue.log(),
      view: () => this.link.get(),
      packs: () => ({ loaded: Object.keys(this.packs) as AnnouncementLang[], errors: [...this.packErrors] }),
      audio: () => this.audio.state(),
    };
  }

  close(): void {
    for (const c of this.cleanups.splice(0)) c();
    this.queue.clear();
    this.link.close();
    this.socket.close();
  }

  private async loadPacks(): Promise<void> {
    const folders: Record<AnnouncementLang, string> = { vi: this.config.voiceVi, en: this.config.voiceEn };
    await Promise.all(
      this.config.languages.map(async (lang) => {
        const r = await loadVoicePack(folders[lang]);
        if (r.ok) {
          this.packs[lang] = r.pack;
          await this.audio.preload([...(r.pack.manifest.chime ? [r.pack.manifest.chime] : []), ...Object.values(r.pack.manifest.clips)].map((f) => r.pack.baseUrl + f));
        } else this.packErrors.push(r.error);
      }),
    );
  }

  /** The hub's clock as best known now: the last confirmed hub time plus what elapsed since. */
  hubNow(view: BoardView, localNow: number = this.now()): number {
    return view.hubClock ? view.hubClock.hubAt + Math.max(0, localNow - view.hubClock.localAt) : localNow;
  }

  /** Whether what the board shows is current: connected and synchronised on this connection. */
  static isLive(view: BoardView): boolean {
    return view.connected && view.synced;
  }

  model(view: BoardView, localNow: number = this.now()): BoardModel | null {
    const s = view.snapshot;
    if (!s) return null;
    const hubNow = this.hubNow(view, localNow);
    return buildBoardModel({ snapshot: s, config: this.config, live: BoardController.isLive(view), ageOf: (c) => this.tracker.ageOf(c, hubNow, localNow) });
  }

  private onView(): void {
    const view = this.link.get();
    const s = view.snapshot;
    if (!s || !view.synced) return;
    const localNow = this.now();
    const hubNow = this.hubNow(view, localNow);
    const fresh = this.tracker.observe(s.recentCalls, hubNow, localNow);
    if (!fresh.length || !this.config.sound) return;
    const filter = boardFilter(s, this.config);
    const fieldOf = fieldLookup(s);
    for (const call of fresh) {
      if (!callMatches(call, filter, fieldOf)) continue;
      if (this.tracker.ageOf(call, hubNow, localNow) > this.config.announceWithinMs) continue;
      this.announce(call);
    }
  }

  /** A queued call that is no longer current (no-show, served, called elsewhere) is not announced. */
  private staleReason(key: string): string | null {
    const call = this.queuedCalls.get(key);
    this.queuedCalls.delete(key);
    const s = this.link.get().snapshot;
    return call && s ? staleCall(s, call) : null;
  }

  private announce(call: CallRecord): void {
    this.queuedCalls.set(callKey(call), call);
    if (this.queuedCalls.size > 200) this.queuedCalls.delete(this.queuedCalls.keys().next().value ?? '');
    const plan = planAnnouncement({ number: call.number, counterNumber: call.counterNumber }, { languages: this.config.languages, packs: this.packs });
    this.queue.enqueue({ key: callKey(call), number: call.number, counterNumber: call.counterNumber, recall: call.recall, plan });
  }
}

function fieldLookup(s: Snapshot): (serviceId: string) => string | undefined {
  const m = new Map(s.services.map((sv) => [sv.id, sv.fieldId]));
  return (id) => m.get(id);
}
