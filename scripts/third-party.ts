/**
 * The licences of the third-party code bundled into dist/: the build's
 * esbuild plugin passes each build's inputs (from its metafile) to
 * {@link noteBundledInputs}, which rewrites `dist/THIRD-PARTY-LICENSES.md`
 * with every package seen so far (all of tsup's builds run in one process).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the licences are written (shipped with the package). */
export const THIRD_PARTY_FILE = 'dist/THIRD-PARTY-LICENSES.md';

const packageDirs = new Set<string>();

/**
 * The package folder (`node_modules/name` or `node_modules/@scope/name`,
 * nested ones included) of a bundled input path, or undefined for the
 * project's own files and esbuild's virtual modules.
 *
 * @example
 * packageDirOf('node_modules/@stdlib/math-base-special-erf/lib/main.js'); // => 'node_modules/@stdlib/math-base-special-erf'
 * packageDirOf('src/index.ts'); // => undefined
 */
export function packageDirOf(input: string): string | undefined {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, '/'));
  return m?.[1];
}

/** Adds a build's input files and rewrites the licence file. */
export function noteBundledInputs(inputs: string[]): void {
  for (const input of inputs) {
    const dir = packageDirOf(input);
    if (dir) packageDirs.add(dir);
  }
  mkdirSync('dist', { recursive: true });
  writeFileSync(THIRD_PARTY_FILE, thirdPartyLicenses([...packageDirs]));
}

interface Bundled {
  name: string;
  version: string;
  license: string;
  text: string;
}

const MIT_TERMS = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial
portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE
USE OR OTHER DEALINGS IN THE SOFTWARE.`;

/**
 * A package's licence text: its LICENSE (and NOTICE) files, else the
 * licence comment that opens one of its top-level scripts (seedrandom
 * ships its MIT notice that way; javascript-natural-sort only names the
 * MIT licence there, so the MIT terms are added under its notice).
 */
function licenceText(dir: string, main: string | undefined, license: string | undefined): string {
  const files = readdirSync(dir).filter((f) => /^(licen[cs]e|notice)(\.(md|txt))?$/i.test(f)).sort();
  if (files.length > 0) return files.map((f) => readFileSync(join(dir, f), 'utf8').trim()).join('\n\n');
  const scripts = [main ?? 'index.js', ...readdirSync(dir).filter((f) => f.endsWith('.js')).sort()].map((f) => join(dir, f));
  for (const file of scripts.filter(existsSync)) {
    const header = /^\s*\/\*([\s\S]*?)\*\//.exec(readFileSync(file, 'utf8'))?.[1]?.replace(/^\s*\* ?/gm, '').trim();
    if (!header || !/licen[cs]e|permission/i.test(header)) continue;
    if (/permission is hereby granted/i.test(header)) return header;
    if (license === 'MIT' && /\bMIT\b/.test(header)) return `${header}\n\n${MIT_TERMS}`;
  }
  throw new Error(`${dir}: no licence file and no licence text in its scripts; add its licence to scripts/third-party.ts`);
}

/**
 * The licence file's text for the given package folders: one section per
 * distinct licence text, naming every package (and version) under it.
 */
export function thirdPartyLicenses(dirs: string[]): string {
  const packages: Bundled[] = dirs.map((dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string; main?: string };
    return { name: pkg.name, version: pkg.version, license: pkg.license ?? 'see below', text: licenceText(dir, pkg.main, pkg.license) };
  }).sort((a, b) => a.name.localeCompare(b.name));
  const byText = new Map<string, Bundled[]>();
  for (const p of packages) byText.set(p.text, [...(byText.get(p.text) ?? []), p]);
  const sections = [...byText.values()].map((group) => {
    const names = group.map((p) => `${p.name}@${p.version}`);
    const title = group.length === 1 ? names[0] : `${group.length} packages of ${commonScope(group)}`;
    return [`## ${title} (${[...new Set(group.map((p) => p.license))].join(', ')})`, '',
      ...(group.length > 1 ? [names.join(', '), ''] : []), '```text', group[0].text, '```', ''].join('\n');
  });
  return ['# Third-party software in rivalsim\'s dist/', '',
    'The files in dist/ bundle code from the packages below (installed as devDependencies when rivalsim is built),',
    'under the licences that follow. rivalsim itself is under the MIT licence in LICENSE.', '', ...sections].join('\n');
}

function commonScope(group: Bundled[]): string {
  const scopes = new Set(group.map((p) => p.name.split('/')[0]));
  return scopes.size === 1 && [...scopes][0].startsWith('@') ? [...scopes][0] : 'several authors';
}
