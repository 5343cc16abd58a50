/**
 * Node-only: a one-line progress bar for long simulations, drawn on a
 * terminal stream (the command line draws it on stderr, and only when
 * stderr is a TTY).
 */
import type { Progress } from '../montecarlo/runner.js';

/** Where a progress bar is drawn: a stream with an optional terminal width. */
export interface ProgressStream {
  write(text: string): unknown;
  columns?: number;
}

/**
 * A progress bar: `update` with each {@link Progress} report, `finish` to
 * erase the line when the work is done (or has failed).
 */
export interface ProgressBar {
  update(progress: Progress): void;
  finish(): void;
}

/** Formats milliseconds as `850 ms`, `12.3 s` or `4 min 05 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/**
 * A progress bar drawn in place (carriage return, erase line) on `stream`,
 * redrawn at most every `intervalMs` (the last report is always drawn).
 *
 * @example
 * const bar = createProgressBar(process.stderr, 'baseline');
 * await simulate(s, { runs: 10_000, onProgress: (p) => bar.update(p) });
 * bar.finish();
 * // while running:  baseline [#########···········]  45%  4,608/10,000 runs  1.2 s, about 1.5 s left
 */
export function createProgressBar(stream: ProgressStream, label: string, intervalMs = 100): ProgressBar {
  let last = -Infinity;
  let drawn = false;
  return {
    update({ done, total, elapsedMs }: Progress): void {
      const now = Date.now();
      if (done < total && now - last < intervalMs) return;
      last = now;
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const left = done > 0 && done < total ? `, about ${formatDuration((elapsedMs * (total - done)) / done)} left` : '';
      const tail = ` ${String(Math.floor(100 * fraction)).padStart(3)}%  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} runs  ${formatDuration(elapsedMs)}${left}`;
      const columns = stream.columns && stream.columns > 20 ? stream.columns : 80;
      const width = Math.max(10, Math.min(30, columns - label.length - tail.length - 4));
      const filled = Math.round(width * fraction);
      const line = `${label} [${'#'.repeat(filled)}${'·'.repeat(width - filled)}]${tail}`;
      stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
      drawn = true;
    },
    finish(): void {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
