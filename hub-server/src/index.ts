export { Hub, startHub, systemClock, type HubOptions } from './hub';
export { loadConfig, parseConfig, ConfigError, type HubConfig, type HubConfigInput } from './config';
export { createLogger } from './logger';
export { DEMO_ACCOUNTS, DEMO_COUNTERS, DEMO_SERVICES } from './seed';
