/**
 * The command line on worker threads (`--workers N`), in process through
 * `main(argv, io)`: each thread loads the library afresh, so these studies
 * are end-to-end ones. The flags and their errors are test/node/cli.test.ts's.
 */
import { describe, expect, it } from 'vitest';
import { inProcess } from '../cli-helpers.js';

/** Output without the elapsed time (the only part that may differ between equivalent runs). */
const strip = (out: string): string => out.replace(/, [\d.]+ (ms|s|min)\b.*$/m, '');

describe('rivalsim on worker threads', () => {
  it('a seed may be a word; run and compare use --workers threads, with the same output as one thread', async () => {
    const r = await inProcess(['run', 'baseline', '--runs', '20', '--horizon', '3', '--seed', 'my-study', '--workers', '4']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('20 runs, seed "my-study", 3 months');
    expect(r.stdout).toContain('up to 4 worker threads');
    expect(r.stderr).toBe('');
    const args = ['compare', 'baseline', 'apple-alibaba', '--runs', '600', '--horizon', '4', '--seed', 'cmp'];
    const [one, two] = await Promise.all([inProcess([...args, '--workers', '1']), inProcess([...args, '--workers', '2'])]);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stderr).toBe('');
    expect(two.stdout).toContain('up to 2 worker threads');
    expect(strip(two.stdout)).toBe(strip(one.stdout));
  });
});
