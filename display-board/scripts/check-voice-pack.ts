/**
 * Checks a voice pack folder before a centre puts it on its boards: the manifest is valid, every
 * clip file it names exists, and every word any announcement needs has a clip. With --list it
 * prints the words to record (for a studio), one per line.
 *
 *   npx tsx display-board/scripts/check-voice-pack.ts display-board/public/voice/vi
 *   npx tsx display-board/scripts/check-voice-pack.ts --list vi
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingVoicePackWords, requiredVoicePackWords, VoicePackManifest } from '@motcua/shared';

const args = process.argv.slice(2);
if (args[0] === '--list') {
  const lang = args[1] === 'en' ? 'en' : 'vi';
  for (const w of requiredVoicePackWords(lang)) console.log(w);
  process.exit(0);
}
const dir = args[0];
if (!dir) {
  console.error('usage: check-voice-pack.ts <pack folder> | --list vi|en');
  process.exit(2);
}
const manifestPath = join(dir, 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error(`${manifestPath} not found`);
  process.exit(1);
}
const parsed = VoicePackManifest.safeParse(JSON.parse(readFileSync(manifestPath, 'utf8')));
if (!parsed.success) {
  for (const i of parsed.error.issues) console.error(`manifest.json: ${i.path.join('.') || '(root)'}: ${i.message}`);
  process.exit(1);
}
const m = parsed.data;
const files = [...(m.chime ? [m.chime] : []), ...Object.values(m.clips)];
const absent = files.filter((f) => !existsSync(join(dir, f)));
const missing = missingVoicePackWords(m);
for (const f of absent) console.error(`missing file: ${f}`);
for (const w of missing) console.error(`no clip for: "${w}"`);
if (!m.chime) console.warn('no chime in this pack: boards use another announced language\'s chime, or a built-in two-tone chime');
console.log(`${m.id} (${m.lang}): ${Object.keys(m.clips).length} clips, ${absent.length} files missing, ${missing.length} words missing`);
process.exit(absent.length || missing.length ? 1 : 0);
