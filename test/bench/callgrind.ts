/**
 * Instructions per JavaScript function, repeatable: run a script under
 * valgrind's callgrind with V8's perf map, then attribute every counted
 * instruction to the JIT-compiled function (or C++ function) it belongs to.
 * Counts do not depend on the machine's load, so two builds can be compared
 * to a fraction of a percent (timings on a shared machine cannot).
 *
 * Usage (after `npm run build`):
 *   valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file=cg.out \
 *     node --single-threaded --perf-basic-prof test/bench/flagship-dist.mjs 2048
 *   npx tsx test/bench/callgrind.ts cg.out /tmp/perf-<pid>.map [rows]
 *
 * `--perf-basic-prof` makes V8 write `/tmp/perf-<pid>.map` (address, size,
 * name of each piece of generated code); the pid is the one valgrind printed.
 */
import { readFileSync } from 'node:fs';

const [cgFile, mapFile, rowsArg] = process.argv.slice(2);
if (!cgFile || !mapFile) {
  console.error('usage: tsx test/bench/callgrind.ts <callgrind.out> <perf-PID.map> [rows]');
  process.exit(2);
}

// Code ranges from the perf map, sorted by start.
const ranges = readFileSync(mapFile, 'utf8').split('\n').filter(Boolean).map((line) => {
  const [start, size, ...name] = line.split(' ');
  return { start: parseInt(start, 16), end: parseInt(start, 16) + parseInt(size, 16), name: name.join(' ') };
}).sort((a, b) => a.start - b.start);

function codeAt(address: number): string | undefined {
  let lo = 0, hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].start <= address) lo = mid + 1; else hi = mid - 1;
  }
  const r = ranges[hi];
  return r && address < r.end ? r.name : undefined;
}

// Self cost per function: callgrind's cost lines ("<instr> <line> <Ir>", positions may be
// relative: +n, -n, *), skipping the inclusive cost line that follows each `calls=`.
const cost = new Map<string, number>();
const names = new Map<string, string>();
let positions = 1, fn = '?', address = 0, afterCall = false, total = 0;
for (const line of readFileSync(cgFile, 'utf8').split('\n')) {
  if (line.startsWith('positions:')) { positions = line.split(/\s+/).length - 1; continue; }
  if (line.startsWith('fn=')) {
    const m = /^fn=\((\d+)\)(?: (.*))?$/.exec(line);
    if (m) { if (m[2]) names.set(m[1], m[2]); fn = names.get(m[1]) ?? '?'; }
    continue;
  }
  if (line.startsWith('cfn=')) {
    // Callees name functions too (compressed names are defined once, wherever they first appear).
    const m = /^cfn=\((\d+)\) (.*)$/.exec(line);
    if (m) names.set(m[1], m[2]);
    continue;
  }
  if (line.startsWith('calls=')) { afterCall = true; continue; }
  if (!/^[0-9+\-*]/.test(line)) continue;
  const parts = line.split(/\s+/);
  const p = parts[0];
  if (p.startsWith('0x')) address = parseInt(p, 16);
  else if (p.startsWith('+')) address += Number(p.slice(1));
  else if (p.startsWith('-')) address -= Number(p.slice(1));
  if (afterCall) { afterCall = false; continue; }
  if (parts.length <= positions) continue;
  const c = Number(parts[positions]);
  total += c;
  const key = codeAt(address) ?? `C ${fn}`;
  cost.set(key, (cost.get(key) ?? 0) + c);
}

console.log(`${(total / 1e6).toFixed(1)} M instructions`);
for (const [name, c] of [...cost].sort((a, b) => b[1] - a[1]).slice(0, Number(rowsArg ?? 40))) {
  console.log(`${((100 * c) / total).toFixed(1).padStart(5)} % ${(c / 1e6).toFixed(1).padStart(9)} M  ${name.slice(0, 120)}`);
}
