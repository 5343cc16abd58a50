/**
 * The explorer page's script (`rivalsim explore`, dist/explorer/explorer.js):
 * pick a bundled scenario or drop a scenario file, set runs and seed, fix
 * key uncertain inputs with sliders, run the study on Web Workers (progress,
 * Cancel), and read fan charts, rank probabilities, the comparison with the
 * baseline and the tornado; download the CSV, JSON and HTML report. The URL
 * keeps the settings (`?scenario=apple-alibaba&runs=2000&seed=7&adoption=0.5`),
 * so a link reproduces a view: a page opened with `scenario` in its URL runs
 * the study at once. `document.body.dataset.state` says where the page is:
 * `ready`, `running`, `done`, `cancelled` or `error` (with the message in
 * `#error`).
 *
 * Everything comes from the library (`../index.js`, which the build turns
 * into `../browser/rivalsim.js`, the browser build: one copy of the code, the
 * same code the Web Workers run), so the page's numbers are `simulate`'s for
 * the same scenario, overrides and seed.
 */
import {
  comparisonChartSVG, comparisonShares, compareInWebWorkers, fanChartSVG, htmlReport, inputLabel, isDistribution, keyEvents, marketShares, meanOf,
  isScenarioId, pct, pctSE, prepareScenario, prepareScenarioDocument, rankBarsSVG, scenarioName, scenarios, simulateInWebWorkers, tornadoSVG,
  type ComparisonResult, type Numeric, type PartnershipEvent, type Plan, type ScenarioSpec, type SensitivityResult, type SensitivityStep, type SimulationResult,
} from '../index.js';

/** A key uncertain input the page offers a slider for: where it sits in a scenario, and its range. */
interface KeyInput {
  /** Name in the URL. */
  key: string;
  label: string;
  /** The declared value (a number, a distribution or an expression), or undefined when the scenario has no such input. */
  read(spec: ScenarioSpec): Numeric | undefined;
  /** The scenario with the input fixed at `value` (a copy). */
  write(spec: ScenarioSpec, value: number): ScenarioSpec;
  /** Slider range, given the declared value. */
  range(declared: Numeric): { min: number; max: number; step: number };
}

/** The first partnership the scenario declares (the deal the scenario is about, e.g. apple+alibaba). */
function firstDeal(spec: ScenarioSpec): PartnershipEvent | undefined {
  return spec.events?.find((e): e is PartnershipEvent => e.type === 'partnership');
}

const UNIT = () => ({ min: 0, max: 1, step: 0.01 });

/** A field of the first partnership, a fraction in [0, 1]. */
function dealField(field: 'approvalProbability' | 'adoption' | 'visibility' | 'integrationQuality', label: string, key: string): KeyInput {
  return {
    key, label,
    read: (spec) => { const deal = firstDeal(spec); return deal ? deal[field] : undefined; },
    write: (spec, value) => {
      const copy = structuredClone(spec);
      const deal = firstDeal(copy)!;
      deal[field] = value;
      return copy;
    },
    range: UNIT,
  };
}

/** A landscape parameter (e.g. aiWeightGrowth); its range: the distribution's bounds, else [0, 2 × its mean]. */
function landscapeParameter(name: string, label: string): KeyInput {
  return {
    key: name, label,
    read: (spec) => spec.landscape.parameters?.[name],
    write: (spec, value) => {
      const copy = structuredClone(spec);
      copy.landscape.parameters = { ...copy.landscape.parameters, [name]: value };
      return copy;
    },
    range: (declared) => {
      const d = declared as { min?: number; max?: number };
      const mean = Number.isFinite(meanOfOrNaN(declared)) ? meanOfOrNaN(declared) : 0.01;
      const min = typeof d.min === 'number' ? d.min : 0, max = typeof d.max === 'number' ? d.max : Math.max(2 * mean, min + 1e-3);
      return { min, max, step: (max - min) / 200 };
    },
  };
}

const KEY_INPUTS: readonly KeyInput[] = [
  dealField('approvalProbability', 'Deal: approval probability', 'approval'),
  dealField('adoption', 'Deal: adoption (share of users)', 'adoption'),
  dealField('visibility', "Deal: provider's brand visibility", 'visibility'),
  dealField('integrationQuality', 'Deal: integration quality', 'integrationQuality'),
  landscapeParameter('aiWeightGrowth', 'AI weight growth per month'),
];

function meanOfOrNaN(v: Numeric): number {
  try {
    return typeof v === 'number' || isDistribution(v) ? meanOf(v) : NaN;
  } catch {
    return NaN;
  }
}

/** A declared value in words. */
function describeDeclared(v: Numeric): string {
  if (typeof v === 'number') return `declared: ${v}`;
  if (typeof v === 'string') return `declared: the expression ${v}`;
  const d = v as unknown as Record<string, unknown>;
  const mean = meanOfOrNaN(v);
  return `declared: ${Object.entries(d).map(([k, x]) => `${k} ${String(x)}`).join(', ')}${Number.isFinite(mean) ? ` (mean ${round(mean)})` : ''}`;
}

function round(x: number): string {
  return String(Number(x.toPrecision(4)));
}

// ——— the page ———

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The page has no #${id}`);
  return el as T;
};
const select = $<HTMLSelectElement>('scenario'), fileInput = $<HTMLInputElement>('file'), drop = $('drop');
const runsInput = $<HTMLInputElement>('runs'), seedInput = $<HTMLInputElement>('seed'), workersInput = $<HTMLInputElement>('workers');
const sliders = $('sliders'), form = $<HTMLFormElement>('settings'), runButton = $<HTMLButtonElement>('run'), cancelButton = $<HTMLButtonElement>('cancel');
const progress = $<HTMLProgressElement>('progress'), status = $('status'), errorBox = $('error'), results = $('results'), permalink = $<HTMLAnchorElement>('permalink');

/** The scenario the sliders apply to: a bundled one (by id) or a dropped file's. */
let base: { spec: ScenarioSpec; bundled?: string; file?: string } = { spec: scenarios.baseline, bundled: 'baseline' };
/** The values of the fixed inputs, by key. */
const fixed = new Map<string, number>();
/** The running study's controller (Cancel aborts it). */
let running: AbortController | undefined;
/** Blob URLs of the downloads (revoked when replaced). */
const blobs: string[] = [];

function setState(state: 'ready' | 'running' | 'done' | 'cancelled' | 'error'): void {
  document.body.dataset.state = state;
  runButton.disabled = state === 'running';
  cancelButton.disabled = state !== 'running';
}

function showError(message: string): void {
  errorBox.textContent = message;
  setState('error');
  status.textContent = 'Failed';
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

for (const id of Object.keys(scenarios).filter(isScenarioId)) {
  const option = document.createElement('option');
  option.value = id;
  option.textContent = `${id} — ${scenarios[id].name ?? id}`;
  select.append(option);
}

/** Builds the sliders for the current scenario (keeping the fixed values it still has). */
function buildSliders(): void {
  sliders.replaceChildren();
  let any = false;
  for (const input of KEY_INPUTS) {
    const declared = input.read(base.spec);
    if (declared === undefined) { fixed.delete(input.key); continue; }
    any = true;
    const { min, max, step } = input.range(declared);
    const mean = meanOfOrNaN(declared);
    const start = fixed.get(input.key) ?? (Number.isFinite(mean) ? Math.min(max, Math.max(min, mean)) : (min + max) / 2);
    const row = document.createElement('div');
    row.className = 'slider';
    row.dataset.key = input.key;
    const name = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.name = `fix-${input.key}`;
    box.checked = fixed.has(input.key);
    name.append(box, ` ${input.label}`);
    const number = document.createElement('output');
    const range = document.createElement('input');
    range.type = 'range';
    range.name = input.key;
    range.min = String(min); range.max = String(max); range.step = String(step);
    range.value = String(start);
    range.disabled = !box.checked;
    number.textContent = box.checked ? round(start) : 'as declared';
    const declaredNote = document.createElement('span');
    declaredNote.className = 'declared';
    declaredNote.textContent = describeDeclared(declared);
    const sync = () => {
      range.disabled = !box.checked;
      if (box.checked) fixed.set(input.key, Number(range.value)); else fixed.delete(input.key);
      number.textContent = box.checked ? round(Number(range.value)) : 'as declared';
      updateLink();
    };
    box.addEventListener('change', sync);
    range.addEventListener('input', sync);
    const minLabel = document.createElement('span');
    minLabel.className = 'note';
    minLabel.textContent = `${round(min)} – ${round(max)}`;
    row.append(name, number, range, minLabel, declaredNote);
    sliders.append(row);
  }
  if (!any) sliders.textContent = 'This scenario declares none of the inputs the page offers sliders for (the first partnership\'s approval, adoption, visibility and integration quality; the landscape\'s aiWeightGrowth).';
  $('scenario-name').textContent = `${scenarioName(base.spec as unknown as Plan)}${base.file ? ` (from ${base.file})` : ''}: ${base.spec.description ?? ''}`;
}

/** The scenario to run: the current one with the fixed inputs written in. */
function studiedScenario(): ScenarioSpec {
  let spec = base.spec;
  for (const input of KEY_INPUTS) {
    const value = fixed.get(input.key);
    if (value !== undefined && input.read(spec) !== undefined) spec = input.write(spec, value);
  }
  return spec;
}

/** The settings as URL parameters (a dropped file cannot travel in a link: the link then names none). */
function settingsQuery(): URLSearchParams {
  const q = new URLSearchParams();
  if (base.bundled) q.set('scenario', base.bundled);
  q.set('runs', runsInput.value.trim());
  q.set('seed', seedInput.value.trim());
  for (const input of KEY_INPUTS) { const v = fixed.get(input.key); if (v !== undefined) q.set(input.key, String(v)); }
  return q;
}

function updateLink(): void {
  const url = new URL(location.href);
  url.search = settingsQuery().toString();
  permalink.href = url.href;
  permalink.title = base.file ? 'A dropped scenario file is not part of the link' : '';
}

/** The seed as the command line reads it: an integer, or a word. */
function seedOf(raw: string): number | string {
  const text = raw.trim();
  if (/^[+-]?\d+$/.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
  } else if (text !== '' && !/^[+-]?(\d|\.\d)/.test(text)) {
    return text;
  }
  throw new Error(`Invalid seed: expected an integer or a word (such as 42 or my-study) but received ${JSON.stringify(raw)}`);
}

function integerOf(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new Error(`Invalid ${name}: expected an integer from ${min} to ${max.toLocaleString('en-US')} but received ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Reads a dropped or chosen scenario file; on failure the page is in the error state, with the message. */
async function loadFile(file: File): Promise<void> {
  errorBox.textContent = '';
  try {
    const text = await file.text();
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new Error(`${file.name} is not JSON: ${messageOf(e)}`);
    }
    const spec = await prepareScenarioDocument(doc, file.name);
    base = { spec, file: file.name };
    fixed.clear();
    buildSliders();
    updateLink();
    status.textContent = `Loaded ${file.name}: press Run`;
    setState('ready');
  } catch (e) {
    showError(messageOf(e));
  }
}

// ——— a study ———

const workerUrl = new URL('../browser/web-worker.js', import.meta.url);
const sensitivityWorkerUrl = new URL('./sensitivity-worker.js', import.meta.url);

/** What the sensitivity worker sends back: a sensitivity's data (its methods stay behind). */
type SensitivityData = Pick<SensitivityResult, 'output' | 'runs' | 'seed' | 'inputs' | 'skipped' | 'steps'>;

/** The headline sensitivity (as `run --report`: min(runs, 2000) runs of the seed) on a worker of its own, so Cancel stops it. */
function sensitivityInWorker(scenario: ScenarioSpec, runs: number, seed: number | string, signal: AbortSignal): Promise<SensitivityResult | undefined> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(sensitivityWorkerUrl, { type: 'module' });
    const stop = () => { worker.terminate(); reject(new DOMException('The study was cancelled', 'AbortError')); };
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    worker.addEventListener('message', (e: MessageEvent<{ result?: SensitivityData; none?: string; error?: string }>) => {
      worker.terminate();
      signal.removeEventListener('abort', stop);
      if (e.data.error !== undefined) reject(new Error(`Sensitivity: ${e.data.error}`));
      else if (!e.data.result) resolve(undefined);
      else {
        const data = e.data.result;
        const at = (step?: number): SensitivityStep => {
          const found = step === undefined ? data.steps[0] : data.steps.find((s) => s.step === step);
          if (!found) throw new Error(`No sensitivity at step ${step}`);
          return found;
        };
        resolve({ ...data, at } as SensitivityResult);
      }
    });
    worker.addEventListener('error', (e) => { signal.removeEventListener('abort', stop); reject(new Error(`The sensitivity worker failed: ${e.message || sensitivityWorkerUrl.href}`)); });
    worker.postMessage({ scenario, runs, seed });
  });
}

async function runStudy(): Promise<void> {
  running?.abort();
  const controller = new AbortController();
  running = controller;
  const { signal } = controller;
  errorBox.textContent = '';
  try {
    const runs = integerOf('runs', runsInput.value, 10, 1_000_000);
    const seed = seedOf(seedInput.value);
    const workers = integerOf('Web Workers', workersInput.value, 1, 64);
    history.replaceState(null, '', `?${settingsQuery().toString()}`);
    updateLink();
    setState('running');
    results.hidden = true;
    progress.value = 0;
    status.textContent = 'Preparing the scenario…';
    const scenario = studiedScenario();
    const plan = await prepareScenario(scenario);
    const baseline = await prepareScenario({ ...scenarios.baseline, horizon: plan.horizon });
    const isBaseline = base.bundled === 'baseline' && fixed.size === 0;
    const comparable = !isBaseline && baseline.start === plan.start;
    const started = performance.now();
    const onProgress = ({ done, total }: { done: number; total: number }) => {
      progress.value = done / total;
      status.textContent = `${comparable ? 'Running the scenario and the baseline' : 'Running'}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} runs`;
    };
    let result: SimulationResult, comparison: ComparisonResult | undefined;
    const options = { runs, seed, workers, workerUrl, signal, onProgress };
    if (comparable) {
      // b of a comparison is the scenario's own study: the bits of simulate(scenario, { runs, seed }).
      comparison = await compareInWebWorkers({ ...scenarios.baseline, horizon: plan.horizon }, scenario, options);
      result = comparison.b;
    } else {
      result = await simulateInWebWorkers(scenario, options);
    }
    const seconds = (performance.now() - started) / 1000;
    renderStudy(result, plan, runs, seed, seconds);
    renderComparison(comparison, isBaseline ? 'This is the baseline scenario: nothing to compare it with.' : `No comparison: the scenario starts at ${plan.start}, the baseline at ${baseline.start}.`);
    const sensitivityRuns = Math.min(runs, 2000);
    status.textContent = `Sensitivity of the headline share on ${sensitivityRuns.toLocaleString('en-US')} runs…`;
    progress.removeAttribute('value');
    const sensitivity = await sensitivityInWorker(scenario, sensitivityRuns, seed, signal);
    renderTornado(sensitivity, plan);
    setDownloads(result, plan, runs, seed, sensitivity);
    progress.value = 1;
    status.textContent = `Done: ${runs.toLocaleString('en-US')} runs in ${seconds.toFixed(1)} s on ${workers} Web Worker${workers === 1 ? '' : 's'}`;
    results.hidden = false;
    setState('done');
  } catch (e) {
    if (signal.aborted) {
      progress.value = 0;
      status.textContent = 'Cancelled';
      setState('cancelled');
    } else {
      showError(messageOf(e));
    }
  } finally {
    if (running === controller) running = undefined;
  }
}

function table(head: string[], rows: string[][], className: string): HTMLTableElement {
  const t = document.createElement('table');
  t.className = className;
  const tr = t.createTHead().insertRow();
  for (const h of head) { const th = document.createElement('th'); th.textContent = h; tr.append(th); }
  const body = t.createTBody();
  for (const row of rows) { const r = body.insertRow(); for (const cell of row) r.insertCell().textContent = cell; }
  return t;
}

/** An SVG chart of the library (its text escaped by the library) as a figure. */
function figure(svg: string, className: string): HTMLElement {
  const f = document.createElement('figure');
  f.className = className;
  f.innerHTML = svg;
  return f;
}

function renderStudy(result: SimulationResult, plan: Plan, runs: number, seed: number | string, seconds: number): void {
  const T = result.horizon;
  $('meta').textContent = `${scenarioName(plan)} (${plan.id}) · ${runs.toLocaleString('en-US')} runs · seed ${JSON.stringify(seed)} · ` +
    `${T} months (${result.dates[0]} → ${result.dates[T]}) · ${seconds.toFixed(1)} s${fixed.size ? ` · fixed: ${[...fixed].map(([k, v]) => `${k} = ${round(v)}`).join(', ')}` : ''}`;
  const tables = $('share-tables'), fans = $('fan-charts'), ranks = $('rank-charts');
  tables.replaceChildren(); fans.replaceChildren(); ranks.replaceChildren();
  for (const shares of marketShares(result)) {
    if (!shares.hasShare) continue;
    const { market } = shares;
    const h = document.createElement('h3');
    h.textContent = `${market.name} at ${result.dates[T]}`;
    tables.append(h, table(
      ['Agent', 'Now', `${shares.centre === 'median' ? 'Median' : 'Mean'} ± se`, ...(shares.hasBand ? ['P5 – P95'] : []), ...(shares.ranked ? ['P(#1) ± se'] : [])],
      shares.rows.map((r) => [r.name, pct(r.now), pctSE(r.centre, r.centreSE), ...(shares.hasBand ? [`${pct(r.p5)} – ${pct(r.p95)}`] : []), ...(shares.ranked ? [pctSE(r.rank1, r.rank1SE)] : [])]),
      'shares',
    ));
    tables.lastElementChild!.setAttribute('data-market', market.id);
    fans.append(figure(fanChartSVG(result, { market: market.id, title: `${market.name}: share` }), 'fan-chart'));
    if (shares.ranked) ranks.append(figure(rankBarsSVG(result, { market: market.id, stacked: true, title: `${market.name}: rank at ${result.dates[T]}` }), 'rank-chart'));
  }
  if (!ranks.childElementCount) ranks.textContent = 'No rank probabilities at the horizon.';
}

function renderComparison(c: ComparisonResult | undefined, why: string): void {
  const body = $('comparison-body');
  body.replaceChildren();
  if (!c) { const p = document.createElement('p'); p.textContent = why; body.append(p); return; }
  const T = c.a.horizon;
  const intro = document.createElement('p');
  intro.textContent = `b − a at ${c.a.dates[T]}: b is this scenario, a the baseline (${c.a.plan.id}), on common random numbers (the same draws for both, run by run).`;
  body.append(intro);
  for (const { market, hasShare, rows } of comparisonShares(c)) {
    if (!hasShare) continue;
    const h = document.createElement('h3');
    h.textContent = market.name;
    const pp = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)} pp` : '–');
    body.append(h, table(['Agent', 'Mean a', 'Mean b', 'b − a', '95% CI', 'P(b > a)'], rows.map((r) => [
      r.name, pct(r.meanA), pct(r.meanB), pp(r.difference.mean), `[${pp(r.difference.ciLow)}, ${pp(r.difference.ciHigh)}]`, pct(r.difference.pGreater),
    ]), 'comparison'));
    body.append(figure(comparisonChartSVG(c, { market: market.id, metric: 'share', title: `${market.name}: share, b − a` }), 'comparison-chart'));
  }
  const events = keyEvents(c);
  if (events.length) {
    const h = document.createElement('h3');
    h.textContent = `Events (share of runs, by ${c.a.dates[T]})`;
    body.append(h, table(['Event', 'a', 'b'], events.map((e) => [e.kind === 'outage' ? `${e.label} any outage` : `${e.label} ${e.kind}`, pct(e.a), pct(e.b)]), 'events'));
  }
}

function renderTornado(s: SensitivityResult | undefined, plan: Plan): void {
  const body = $('tornado-body');
  body.replaceChildren();
  const p = document.createElement('p');
  body.append(p);
  if (!s) { p.textContent = 'No sensitivity: the scenario has no market to analyse.'; return; }
  const step = s.at();
  const date = plan.dates[Math.min(plan.horizon, step.step)] ?? String(step.step);
  const isShare = /share/i.test(s.output);
  const output = outputName(plan, s.output);
  p.textContent = `${output} at ${date}: the mean output with each input in its bottom decile and in its top decile, over ${s.runs.toLocaleString('en-US')} runs of seed ${JSON.stringify(s.seed)}` +
    ` (fixed inputs do not vary, so they are not here).`;
  if (!step.inputs.length) { p.textContent += ' No uncertain input varied in the runs.'; return; }
  body.append(figure(tornadoSVG(step.inputs.slice(0, 12).map((i) => ({ input: inputLabel(plan, i.path), low: i.lowMean, high: i.highMean, base: step.mean })),
    { title: `${output} at ${date}`, unit: isShare ? '%' : undefined }), 'tornado-chart'));
}

/** A sensitivity's output (`market.metric.agent`, e.g. `phones.share.apple`) in words: "Apple: Smartphones (China) share". */
function outputName(plan: Plan, output: string): string {
  const [marketId, metric, agentId] = output.split('.');
  const market = plan.markets.find((m) => m.id === marketId), agent = plan.agents.find((a) => a.id === agentId);
  return market && agent && metric ? `${agent.name}: ${market.name} ${metric}` : output;
}

function setDownloads(result: SimulationResult, plan: Plan, runs: number, seed: number | string, sensitivity: SensitivityResult | undefined): void {
  for (const url of blobs.splice(0)) URL.revokeObjectURL(url);
  const stem = `${plan.id}-runs${runs}-seed${String(seed).replace(/[^\w.-]+/g, '_')}`;
  const link = (id: string, text: string, type: string, name: string) => {
    const a = $<HTMLAnchorElement>(id);
    const url = URL.createObjectURL(new Blob([text], { type }));
    blobs.push(url);
    a.href = url;
    a.download = name;
  };
  link('download-csv', result.toCSV(), 'text/csv', `${stem}.csv`);
  link('download-json', JSON.stringify(result.toJSON()), 'application/json', `${stem}.json`);
  link('download-report', htmlReport(result, { sensitivity }), 'text/html', `${stem}.html`);
}

// ——— wiring ———

select.addEventListener('change', () => {
  const id = select.value;
  if (isScenarioId(id)) base = { spec: scenarios[id], bundled: id };
  fileInput.value = '';
  buildSliders();
  updateLink();
});
fileInput.addEventListener('change', () => { const f = fileInput.files?.[0]; if (f) void loadFile(f); });
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const f = e.dataTransfer?.files[0];
  if (f) void loadFile(f);
});
for (const input of [runsInput, seedInput]) input.addEventListener('input', updateLink);
form.addEventListener('submit', (e) => { e.preventDefault(); void runStudy(); });
cancelButton.addEventListener('click', () => running?.abort());

/** Reads the URL's settings; a URL naming a scenario runs it at once. */
function start(): void {
  const q = new URLSearchParams(location.search);
  workersInput.value = String(Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2)));
  const id = q.get('scenario');
  if (id !== null && !isScenarioId(id)) {
    buildSliders();
    updateLink();
    showError(`Unknown scenario ${JSON.stringify(id)} in the URL: expected one of ${Object.keys(scenarios).join(', ')}`);
    return;
  }
  if (id !== null) { base = { spec: scenarios[id], bundled: id }; select.value = id; }
  if (q.has('runs')) runsInput.value = q.get('runs')!;
  if (q.has('seed')) seedInput.value = q.get('seed')!;
  if (q.has('workers')) workersInput.value = q.get('workers')!;
  for (const input of KEY_INPUTS) {
    const raw = q.get(input.key);
    if (raw !== null && raw.trim() !== '' && Number.isFinite(Number(raw))) fixed.set(input.key, Number(raw));
  }
  buildSliders();
  updateLink();
  status.textContent = 'Ready';
  setState('ready');
  if (id !== null) void runStudy();
}

start();
