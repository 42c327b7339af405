// The thread of a VpcdCardSlot (vpcd-card-slot.ts): loads the TypeScript worker through tsx, as
// bin/motcua-agent.mjs does (the monorepo runs sources directly; no build step).
import { register } from 'tsx/esm/api';

register();
await import('./vpcd-card-worker.ts');
