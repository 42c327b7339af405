/** Signing in to a city server in tests, as a browser does: POST /login, then the session cookie. */
import type { CityHandle } from '../src/server';

let n = 0;

/** Signs in and answers the `Cookie` header value that carries the session. */
export async function loginCookie(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username} refused: ${res.status} ${await res.text()}`);
  const set = res.headers.getSetCookie().find((c) => c.startsWith('motcua_city_session='));
  if (!set) throw new Error('no session cookie');
  return set.split(';')[0]!;
}

/** Creates a user of this role (through the server's own user service) and signs it in. */
export async function staffSession(city: CityHandle, role: 'admin' | 'viewer' = 'viewer'): Promise<{ username: string; password: string; cookie: string; headers: { cookie: string } }> {
  const username = `test-${role}-${process.pid}-${++n}`;
  const password = `pw-${role}-${n}-0123456789`;
  await city.server.auth.createUser({ username, displayName: `Test ${role}`, role, password }, 'test');
  const cookie = await loginCookie(city.url, username, password);
  return { username, password, cookie, headers: { cookie } };
}
