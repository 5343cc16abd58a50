/**
 * Tests of the built package share this check: dist/ must exist and be newer
 * than everything it is built from. `npm test` builds first, so it holds
 * there; a test file run on its own (`npx vitest run test/package/package.test.ts`)
 * after an edit fails with what to do, rather than testing a stale build or
 * skipping.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root. */
export const root = join(__dirname, '..');

/** What the build reads: the sources, the build scripts and the package's manifest. */
const INPUTS = ['src', 'scripts/finish-build.ts', 'scripts/third-party.ts', 'package.json', 'package-lock.json', 'tsup.config.ts'];

/** The file the build writes last (scripts/finish-build.ts). */
const LAST_OUTPUT = 'dist/browser/web-worker.d.ts';

function newestModified(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestModified(join(path, entry)));
  return newest;
}

/**
 * Why dist/ cannot be tested (missing, or older than a source), or
 * undefined if it is built and up to date.
 *
 * @example
 * staleBuild(); // => undefined after `npm run build`
 */
export function staleBuild(): string | undefined {
  const last = join(root, LAST_OUTPUT);
  if (!existsSync(last)) return 'dist/ is not built: run `npm run build` (npm test does it first)';
  const built = statSync(last).mtimeMs;
  const changed = INPUTS.map((p) => join(root, p)).filter(existsSync).find((p) => newestModified(p) > built);
  return changed === undefined ? undefined : `dist/ is older than ${changed.slice(root.length + 1)}: run \`npm run build\` (npm test does it first)`;
}

/** Throws if dist/ is missing or stale (call in `beforeAll` of a test of the built package). */
export function assertBuilt(): void {
  const why = staleBuild();
  if (why) throw new Error(why);
}
