export { startCityServer, CityServer, CityOptions, CityStartError, DEMO_CITY_USERS, systemClock, type CityHandle, type CityOptionsInput, type CityToClient } from './server';
export { CityAuth, SESSION_COOKIE, type CityRole, type CityUser, type NewCityUser } from './auth/auth';
export { HubRepo, type HubKey, type HubInfo, type HubRegistrationInput } from './hubs';
export { generateKey, keyFile } from './secrets';
export { SyncClient, type SyncClientOptions } from './sync-client';
export { enqueueForHub, readOutbox, UnknownHubError } from './channel/outbox';
export { startEmbeddedPostgres, freePort, type EmbeddedPg } from './db/embedded';
export { createLogger } from './logger';
export type { WardSummary, WardDetail } from './live';
