/** Speaking calls aloud: number reading, the announcement sentence, voice packs. Pure, no I/O. */
export * from './vietnamese-number';
export * from './english-number';
export * from './announcement';
export * from './voice-pack';
