#!/usr/bin/env node
// The `motcua-hub` command (hub-server/src/cli/motcua-hub.ts): the hub runs from its TypeScript
// sources through tsx, as `node --import tsx hub-server/src/main.ts` does.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/motcua-hub.ts');
