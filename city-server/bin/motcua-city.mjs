#!/usr/bin/env node
// The `motcua-city` command (city-server/src/cli.ts), run from its TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
