export { Hub, startHub, systemClock, type HubOptions } from './hub';
export { loadConfig, parseConfig, ConfigError, type HubConfig, type HubConfigInput } from './config';
export { createLogger } from './logger';
export { createWardCa, issueServerCert, loadTls, spkiHash, certFingerprint, tlsFiles, type TlsMaterial } from './http/tls';
export { DEMO_ACCOUNTS, DEMO_COUNTERS, DEMO_SERVICES } from './seed';
export { setDemoHours, closedNowHours } from './demo-hours';
