// A vitest reporter that keeps, in the file named by MOTCUA_VITEST_RUNNING, the test files and the
// tests running right now. scripts/test.mjs reads it when it must stop a run at its limit, so that
// a hang names where it is (vitest's own reporters print a file only when it ends). It runs in
// vitest's main process, which a test worker's blocked thread does not block.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export default class RunningReporter {
  out = process.env.MOTCUA_VITEST_RUNNING;
  files = new Set();
  tests = new Map();

  onTestModuleStart(m) {
    this.files.add(this.name(m));
    this.write();
  }

  onTestModuleEnd(m) {
    this.files.delete(this.name(m));
    this.write();
  }

  onTestCaseReady(t) {
    this.tests.set(t.id, `${this.name(t.module)} > ${t.fullName}`);
    this.write();
  }

  onTestCaseResult(t) {
    this.tests.delete(t.id);
    this.write();
  }

  name(m) {
    return `${m.project.name}: ${relative(process.cwd(), m.moduleId)}`;
  }

  write() {
    if (this.out) writeFileSync(this.out, JSON.stringify({ files: [...this.files], tests: [...this.tests.values()] }));
  }
}
