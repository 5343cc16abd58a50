import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const tmp = join(__dirname, '.tmp-readme');

/** The ```ts blocks of a Markdown file, each with the paragraph that follows it. */
function tsBlocks(file: string): Array<{ code: string; after: string }> {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```\n\n([\s\S]*?)(?:\n\n|$)/g)].map((m) => ({ code: m[1], after: m[2] }));
}

/**
 * The figures a paragraph says were measured ("It prints (measured) …"):
 * its decimal numbers and percentages, as written (e.g. `17.2%`, `0.644`).
 */
function measuredFigures(paragraph: string): string[] {
  if (!paragraph.includes('(measured)')) return [];
  return [...paragraph.replace(/\n/g, ' ').matchAll(/[+-]?\d+\.\d+%?|\b\d+%/g)].map((m) => m[0]);
}

describe('README', () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('has the set-up commands from a fresh clone (the ones .ci/run runs)', () => {
    const text = readFileSync(join(root, 'README.md'), 'utf8');
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    for (const command of ['npm ci && npm run example', 'npm ci && npm test', 'npm ci && npm run test:e2e', 'npm ci && npm run test:package']) {
      expect(text).toContain(command);
      expect(ci).toContain(`#   ${command}\n`);
    }
  });

  const blocks = tsBlocks('README.md');
  it('has TypeScript examples', () => expect(blocks.length).toBeGreaterThan(0));

  blocks.forEach(({ code, after }, i) => {
    it(`code block ${i + 1} runs as written${measuredFigures(after).length ? ', printing the figures the README quotes' : ''}`, async () => {
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
      // The figures quoted after the block come from a fresh run: every one is in what it printed (runs are bit-identical anywhere).
      const printed = logs.map((args) => (args as unknown[]).map(String).join(' ')).join('\n');
      for (const figure of measuredFigures(after)) expect(printed, `README figure ${figure} after code block ${i + 1}`).toContain(figure.replace(/^\+/, ''));
    });
  });
});
