/**
 * The explorer page's settings as typed in its fields: the seed (an
 * integer or a word, as the command line reads it) and integer settings
 * within a range (runs, Web Workers). Errors name the setting, what it
 * accepts and what was typed; the page shows them in `#error`.
 */

/** The seed as the command line reads it: an integer, or a word. */
export function seedOf(raw: string): number | string {
  const text = raw.trim();
  if (/^[+-]?\d+$/.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
  } else if (text !== '' && !/^[+-]?(\d|\.\d)/.test(text)) {
    return text;
  }
  throw new Error(`Invalid seed: expected an integer or a word (such as 42 or my-study) but received ${JSON.stringify(raw)}`);
}

/** An integer setting `name` within [min, max], or an error naming the setting and the range. */
export function integerOf(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new Error(`Invalid ${name}: expected an integer from ${min} to ${max.toLocaleString('en-US')} but received ${JSON.stringify(raw)}`);
  }
  return n;
}
