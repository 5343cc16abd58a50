import { RivalsimError } from '../errors.js';
import seedrandom from 'seedrandom';

/**
 * A source of uniform random numbers in [0, 1), the same contract as
 * `Math.random` and d3-random's `.source()`. Everything random in rivalsim
 * draws from a source that is passed in, never from a hidden global.
 *
 * @example
 * const source: RandomSource = createRandomSource(42);
 * source(); // => 0.7... (the same every time for seed 42)
 */
export type RandomSource = () => number;

/** Seeds accepted by {@link createRandomSource}: a number or a string. */
export type Seed = number | string;

/**
 * Two 32-bit hashes of a string (cyrb53's mixing, with Math.imul), so that
 * names and seeds become generator seeds without string work per draw.
 *
 * @example
 * const [h1, h2] = hashString('noise:phones:apple'); // two int32s, the same on every machine
 */
export function hashString(s: string): [number, number] {
  let h1 = 0xdeadbeef | 0, h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 | 0, h2 | 0];
}

/**
 * Tyche-i (Neves & Araujo, 2011) — the algorithm of seedrandom's `tychei`,
 * draw for draw — as an object that can be reseeded without allocating, so
 * that a world reused for many runs seeds its sub-streams in place.
 *
 * @example
 * const g = new TycheI().seed(0, 42);
 * g.random() === seedrandom.tychei(42)(); // => true
 */
export class TycheI {
  a = 0;
  b = 0;
  c = 0;
  d = 0;

  /** Sets the state to four 32-bit words and discards 20 outputs (as seedrandom does for a numeric seed, with c and d defaulted). */
  seed(a: number, b: number, c = 2654435769 | 0, d = 1367130551): this {
    this.a = a | 0; this.b = b | 0; this.c = c | 0; this.d = d | 0;
    for (let k = 0; k < 20; k++) this.next();
    return this;
  }

  /** The next signed 32-bit output. */
  next(): number {
    let b = this.b, c = this.c, d = this.d, a = this.a;
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    this.b = b = (b << 20) ^ (b >>> 12) ^ c;
    this.c = c = (c - d) | 0;
    this.d = (d << 16) ^ (c >>> 16) ^ a;
    return (this.a = (a - b) | 0);
  }

  /** A uniform draw in [0, 1) with 32 bits of resolution. */
  random(): number {
    return (this.next() >>> 0) / 4294967296;
  }
}

/**
 * A fast, statistically sound seeded source. Without `run`, seedrandom's
 * xor4096 (a long period for long streams). With `run`, the stream of
 * Monte Carlo run `run`, derived from `(seed, run)` alone so that any
 * batching reproduces it: Tyche-i seeded by a hash of the seed and the run
 * index, cheap enough to create for every run.
 *
 * @example
 * const a = createRandomSource(42, 7), b = createRandomSource(42, 7);
 * a() === b(); // => true
 * createRandomSource(42, 8)() === createRandomSource(42, 7)(); // => false
 */
export function createRandomSource(seed: Seed, run?: number): RandomSource {
  if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) {
    throw new RivalsimError('Invalid seed', 'seed', seed, 'a finite number or a string');
  }
  if (run !== undefined && !(Number.isSafeInteger(run) && run >= 0)) throw new RivalsimError('Invalid run index', 'run', run, 'an integer ≥ 0');
  if (run === undefined) return seedrandom.xor4096(`rivalsim:${seed}`) as unknown as RandomSource;
  const [h1, h2] = hashString(`rivalsim:${seed}`);
  // The run index fills the third word (exact for run < 2^32, the fourth takes the rest).
  const g = new TycheI().seed(h1, h2, run | 0, (1367130551 ^ Math.floor(run / 4294967296)) | 0);
  return () => g.random();
}

/**
 * A named sub-stream of one {@link StreamFamily}, found by name once and
 * valid for every run (opaque: see {@link StreamFamily.handle}).
 *
 * @example
 * const h: StreamHandle = streams.handle('noise:phones:apple');
 */
export interface StreamHandle {
  readonly gen: TycheI;
}

/** A named sub-stream of a {@link StreamFamily}. */
interface SubStream extends StreamHandle {
  readonly gen: TycheI;
  readonly h1: number;
  readonly h2: number;
  /** The family's epoch when last seeded. */
  epoch: number;
  readonly source: RandomSource;
  /** Standard normal draws of this stream (polar method, with its spare). */
  readonly normal: NormalDraws;
}

/**
 * Standard normal draws from a {@link TycheI} by Marsaglia's polar method
 * (as d3-random's `randomNormal`), keeping the spare value; `reset` forgets
 * it when the generator is reseeded.
 *
 * @example
 * const n = new NormalDraws(new TycheI().seed(1, 2)); n.next(); // => −0.3...
 */
export class NormalDraws {
  private spare = 0;
  private hasSpare = false;

  constructor(private readonly gen: TycheI) {}

  /** Forgets the spare draw (after the generator is reseeded). */
  reset(): void {
    this.hasSpare = false;
  }

  /** The next standard normal draw. */
  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let x: number, y: number, r: number;
    do {
      x = this.gen.random() * 2 - 1;
      y = this.gen.random() * 2 - 1;
      r = x * x + y * y;
    } while (!r || r > 1);
    const f = Math.sqrt((-2 * Math.log(r)) / r);
    this.spare = x * f;
    this.hasSpare = true;
    return y * f;
  }
}

/**
 * Independent named sub-streams of one random source. The root key is drawn
 * from `source` once (two draws, always), and each named stream is derived
 * from (root key, name) alone, so adding a stream never shifts another one:
 * a partnership that is never approved leaves the shock path untouched.
 *
 * Sub-streams are Tyche-i generators seeded by the root words xor a hash of
 * the name. A family can be {@link StreamFamily.reseed | reseeded} for the
 * next run: its generators are then reseeded in place on first use, so a
 * world reused for many runs allocates nothing for its streams.
 *
 * @example
 * const streams = new StreamFamily(createRandomSource(1));
 * const noise = streams.get('noise:phones:apple');
 * noise() === new StreamFamily(createRandomSource(1)).get('noise:phones:apple')(); // => true
 */
export class StreamFamily {
  private rootA = 0;
  private rootB = 0;
  private epoch = 0;
  private readonly streams = new Map<string, SubStream>();

  constructor(source?: RandomSource) {
    if (source) this.reseed(source);
  }

  /**
   * Draws a new root key from `source` (two draws): every stream starts
   * afresh, as in a new family.
   *
   * @example
   * streams.reseed(createRandomSource(42, 8));
   */
  reseed(source: RandomSource): this {
    this.rootA = Math.floor(source() * 4294967296) | 0;
    this.rootB = Math.floor(source() * 4294967296) | 0;
    this.epoch++;
    return this;
  }

  private stream(name: string): SubStream {
    return this.seeded(this.handle(name) as SubStream);
  }

  /**
   * The stream called `name` as a handle that stays valid across reseeds:
   * a caller that draws from the same stream in every run looks its name
   * up once and passes the handle to {@link StreamFamily.sourceOf}.
   *
   * @example
   * const h = streams.handle('input:parameters.aiWeight');
   * streams.sourceOf(h) === streams.get('input:parameters.aiWeight'); // => true
   */
  handle(name: string): StreamHandle {
    let s = this.streams.get(name);
    if (!s) {
      const [h1, h2] = hashString(name);
      const gen = new TycheI();
      s = { gen, h1, h2, epoch: -1, source: () => gen.random(), normal: new NormalDraws(gen) };
      this.streams.set(name, s);
    }
    return s;
  }

  /**
   * The stream of `handle` (from this family's {@link StreamFamily.handle})
   * as a source of uniforms: the same as `get` of its name.
   *
   * @example
   * streams.reseed(createRandomSource(42, 8));
   * streams.sourceOf(h)(); // => 0.3... (the first draw of that stream in run 8)
   */
  sourceOf(handle: StreamHandle): RandomSource {
    return this.seeded(handle as SubStream).source;
  }

  /** `s`, seeded for the current root key when it was last seeded for an earlier one. */
  private seeded(s: SubStream): SubStream {
    if (s.epoch !== this.epoch) {
      s.gen.seed(this.rootA ^ s.h1, this.rootB ^ s.h2);
      s.normal.reset();
      s.epoch = this.epoch;
    }
    return s;
  }

  /**
   * The stream called `name`, as a source of uniforms. The same function is
   * returned on every call until the family is reseeded.
   */
  get(name: string): RandomSource {
    return this.stream(name).source;
  }

  /**
   * The generator of the stream called `name` (the same draws as
   * {@link StreamFamily.get}); calling `random()` on it directly lets the
   * engine inline the draw.
   *
   * @example
   * streams.generator('outage:alibaba').random(); // => 0.6...
   */
  generator(name: string): TycheI {
    return this.stream(name).gen;
  }

  /**
   * Standard normal draws of the stream called `name` (they consume the
   * same generator as {@link StreamFamily.get}).
   *
   * @example
   * streams.normal('noise:phones:apple').next(); // => 0.4...
   */
  normal(name: string): NormalDraws {
    return this.stream(name).normal;
  }
}
