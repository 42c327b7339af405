/**
 * Redaction of secrets in log lines (issue 14, item 7): tokens, PINs, passwords, keys and secrets
 * must never reach a log, whoever wrote the line (our code, Fastify's request log, an error
 * message quoting a URL). The hub's logger passes every finished JSON line through
 * `redactLogLine` before writing it, so one list serves every line.
 *
 * Pure string work, no I/O: safe in browsers and in every server.
 */

export const REDACTED = '[redacted]';

/**
 * JSON keys whose value is a secret, case-insensitive: anything ending in token, password or
 * secret (`token`, `deviceToken`, `newPassword`, `clientSecret`…), `pin`, `key` and `…Key`
 * (`citizenIdKey`, `privateKey`), `authorization`, `cookie`, `pairingCode`.
 */
const SECRET_KEY = String.raw`[A-Za-z_]*(?:token|password|passwd|secret)|pin|key|[a-z]+Key|authorization|cookie|set-cookie|pairingCode`;
const JSON_FIELD = new RegExp(String.raw`"(${SECRET_KEY})":("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false)`, 'gi');
/** `token=…`, `password=…`, `pin=…` in a URL's query or fragment, or in a message's text. */
const URL_PARAM = /([?&#;\s]|^)((?:[a-z_]*token|[a-z_]*password|pin|secret|key)=)([^&#"\s\\]+)/gi;
/** `Bearer …` / `Basic …` credentials quoted in a message. */
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;

/** The line with every secret value replaced by `[redacted]`. */
export function redactLogLine(line: string): string {
  return line
    .replace(JSON_FIELD, (_m, key: string) => `"${key}":"${REDACTED}"`)
    .replace(URL_PARAM, (_m, before: string, name: string) => `${before}${name}${REDACTED}`)
    .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`);
}
