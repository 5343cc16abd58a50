import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const tmp = join(__dirname, '.tmp-readme');

/** The ```ts blocks of a Markdown file. */
function tsBlocks(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe('README', () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('has the two set-up commands from a fresh clone', () => {
    const text = readFileSync(join(root, 'README.md'), 'utf8');
    expect(text).toContain('npm ci && npm run example');
    expect(text).toContain('npm ci && npm test');
  });

  const blocks = tsBlocks('README.md');
  it('has TypeScript examples', () => expect(blocks.length).toBeGreaterThan(0));

  blocks.forEach((code, i) => {
    it(`code block ${i + 1} runs as written`, async () => {
      mkdirSync(tmp, { recursive: true });
      const file = join(tmp, `block-${i}.ts`);
      const logs: unknown[] = [];
      const original = console.log;
      console.log = (...args: unknown[]) => { logs.push(args); };
      try {
        writeFileSync(file, code);
        await import(file);
      } finally {
        console.log = original;
      }
      expect(logs.length).toBeGreaterThan(0);
    });
  });
});
