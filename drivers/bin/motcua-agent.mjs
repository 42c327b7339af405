#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (the monorepo runs sources directly; no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/agent/cli.ts');
