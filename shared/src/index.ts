export * from './result';
export * from './time';
export * from './domain';
export * from './numbering';
export * from './protocol';
export * from './i18n';
export * from './cccd';
export * from './live-state';
