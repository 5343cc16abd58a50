/**
 * Where a result came from: the provenance block that `toJSON()`, shard
 * files and the HTML report carry — the rivalsim version that computed it,
 * the scenario's id and a hash of its definition, the study's seed, runs
 * and design, when it was made and on which runtime. Portable: the runtime
 * is read from `globalThis` (Deno, Bun, Node, a browser's user agent), no
 * Node module is imported.
 *
 * Two fields differ from one run of a study to the next — `createdAt` and
 * `runtime` — so nothing that is compared bit for bit holds them: the CSV
 * has no provenance, and tests of bit-identical results compare JSON
 * without those two fields.
 */
import type { ScenarioSpec } from '../model/types.js';
import type { Seed } from '../random/source.js';
import type { DesignKind } from './design.js';

/**
 * The version of rivalsim (package.json's `version`; a test checks that
 * they agree). Inlined here so that every build — Node, Deno, the browser
 * bundle — knows it without reading a file.
 */
export const RIVALSIM_VERSION = '0.1.0';

/**
 * The provenance of a result.
 *
 * @example
 * // { rivalsim: '0.1.0', scenario: { id: 'apple-alibaba', hash: 'sha256:9f…' }, seed: 42, runs: 10000,
 * //   design: 'monte-carlo', createdAt: '2026-12-03T14:05:00.000Z', runtime: 'Node 20.19.0' }
 */
export interface Provenance {
  /** The rivalsim version that ran the study (of a merge: the shards' common version). */
  rivalsim: string;
  /** The scenario's id and the SHA-256 of its definition as canonical JSON (see {@link scenarioHash}). */
  scenario: { id: string; hash: string };
  seed: Seed;
  /** Runs of the whole study. */
  runs: number;
  design: DesignKind;
  /** When the result was made (of a merge or a reload: when the shards were merged; `fromJSON` keeps the original), ISO 8601 UTC. */
  createdAt: string;
  /** The runtime that made it: `Node 20.19.0`, `Deno 2.1.4`, `Bun 1.1.0`, or a browser's user agent. */
  runtime: string;
}

/** What a result records of its origin beyond its study (see {@link Provenance}). */
export interface Origin {
  rivalsim: string;
  createdAt: string;
  runtime: string;
}

/**
 * The runtime this code runs on, from `globalThis`: `Deno <version>`,
 * `Bun <version>`, `Node <version>`, else the browser's user agent, else
 * `unknown`.
 *
 * @example
 * runtimeVersion(); // => 'Node 20.19.0'
 */
export function runtimeVersion(): string {
  const g = globalThis as {
    Deno?: { version?: { deno?: string } };
    Bun?: { version?: string };
    process?: { versions?: { node?: string } };
    navigator?: { userAgent?: string };
  };
  if (typeof g.Deno?.version?.deno === 'string') return `Deno ${g.Deno.version.deno}`;
  if (typeof g.Bun?.version === 'string') return `Bun ${g.Bun.version}`;
  if (typeof g.process?.versions?.node === 'string') return `Node ${g.process.versions.node}`;
  if (typeof g.navigator?.userAgent === 'string' && g.navigator.userAgent) return g.navigator.userAgent;
  return 'unknown';
}

/**
 * The origin of a result made now, here: this rivalsim, the current time
 * and runtime.
 *
 * @example
 * currentOrigin().rivalsim; // => '0.1.0'
 */
export function currentOrigin(): Origin {
  return { rivalsim: RIVALSIM_VERSION, createdAt: new Date().toISOString(), runtime: runtimeVersion() };
}

/**
 * Canonical JSON of a value: object keys sorted, `undefined` members left
 * out, non-finite numbers and `-0` as strings (`"Infinity"`, `"NaN"`,
 * `"-0"`), functions as `{ "function": <source text> }`, typed arrays as
 * arrays. The same value gives the same text on every machine.
 *
 * @example
 * canonicalJSON({ b: 1, a: [2, undefined] }); // => '{"a":[2,null],"b":1}'
 */
export function canonicalJSON(value: unknown): string {
  const seen = new Set<unknown>();
  const walk = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number') return Number.isFinite(v) ? (Object.is(v, -0) ? '"-0"' : JSON.stringify(v)) : JSON.stringify(String(v));
    if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
    if (typeof v === 'bigint') return JSON.stringify(`${v}n`);
    if (typeof v === 'function') return `{"function":${JSON.stringify(String(v))}}`;
    if (typeof v !== 'object') return JSON.stringify(String(v));
    if (seen.has(v)) return '"[circular]"';
    seen.add(v);
    let out: string;
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      out = `[${Array.from(v as ArrayLike<unknown>, walk).join(',')}]`;
    } else {
      const entries = Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined);
      out = `{${entries.map((k) => `${JSON.stringify(k)}:${walk((v as Record<string, unknown>)[k])}`).join(',')}}`;
    }
    seen.delete(v);
    return out;
  };
  return walk(value);
}

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/**
 * SHA-256 of a string's UTF-8 bytes, as 64 hex digits (a small portable
 * implementation: synchronous, the same in every runtime).
 *
 * @example
 * sha256Hex('abc'); // => 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + 4 * i);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  return Array.from(h, (x) => x.toString(16).padStart(8, '0')).join('');
}

/**
 * The hash of a scenario's definition: `sha256:` and the SHA-256 of the
 * canonical JSON ({@link canonicalJSON}) of the scenario as compiled from
 * (`plan.spec`: the declared scenario, `extends` resolved). The same on
 * every machine; any change to the scenario changes it.
 *
 * @example
 * scenarioHash(plan.spec); // => 'sha256:3b1f…'
 */
export function scenarioHash(spec: ScenarioSpec): string {
  return `sha256:${sha256Hex(canonicalJSON(spec))}`;
}

/**
 * A provenance block from a study's fields and its origin.
 *
 * @example
 * provenanceOf({ spec: plan.spec, id: plan.id }, { seed: 42, runs: 1000, design: 'monte-carlo' }, currentOrigin());
 */
export function provenanceOf(scenario: { id: string; spec: ScenarioSpec }, study: { seed: Seed; runs: number; design: DesignKind }, origin: Origin): Provenance {
  return {
    rivalsim: origin.rivalsim,
    scenario: { id: scenario.id, hash: scenarioHash(scenario.spec) },
    seed: study.seed, runs: study.runs, design: study.design,
    createdAt: origin.createdAt,
    runtime: origin.runtime,
  };
}

/**
 * An origin read back from JSON (a shard file's or `toJSON()`'s
 * provenance), or undefined when it is not one.
 */
export function originOf(value: unknown): Origin | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { rivalsim, createdAt, runtime } = value as Record<string, unknown>;
  if (typeof rivalsim !== 'string' || typeof createdAt !== 'string' || typeof runtime !== 'string') return undefined;
  return { rivalsim, createdAt, runtime };
}
