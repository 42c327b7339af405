// Types of hub-server/build.mjs (plain JavaScript, run by node without a loader), for the tests' global setup.

/** hub-server/dist, where `npm run build:hub` writes the hub. */
export declare const HUB_DIST: string;
/** hub-server/dist/motcua-hub.js, what bin/motcua-hub.mjs runs. */
export declare const HUB_ENTRY: string;
/** Builds the hub into hub-server/dist; resolves to the number of source files that went in. */
export declare function buildHub(): Promise<number>;
/** Why the build must not be run as it is (Vietnamese, English), or null when it matches the sources. */
export declare function checkHubBuild(): { vi: string; en: string } | null;
