/**
 * Hashes pinned in a JSON file, for the no-regression snapshots
 * (test/snapshot.test.ts, test/e2e/snapshot-output.test.ts): `pin(key,
 * text)` checks the SHA-256 of `text` (a report's provenance fields that
 * differ from run to run left out) against the pinned one; with
 * UPDATE_SNAPSHOT=1 it records them instead, and the file is rewritten,
 * sorted, after the file's tests.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, expect } from 'vitest';
import { stableHTML } from './stable.js';

/** The SHA-256 of a text, in hex. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The pins of `file`: the pinned hashes and a `pin` that checks (or records) one. */
export function pinsIn(file: string): { pinned: Record<string, string>; update: boolean; pin: (key: string, text: string) => void } {
  const update = process.env.UPDATE_SNAPSHOT === '1';
  const pinned: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const seen: Record<string, string> = {};
  afterAll(() => {
    if (!update) return;
    const sorted = Object.fromEntries(Object.entries({ ...pinned, ...seen }).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(file, JSON.stringify(sorted, null, 2) + '\n');
  });
  const pin = (key: string, text: string): void => {
    seen[key] = sha256(stableHTML(text));
    if (!update) expect(seen[key], `${key} changed: re-pin on purpose with UPDATE_SNAPSHOT=1 (see the top of the test file)`).toBe(pinned[key]);
  };
  return { pinned, update, pin };
}
