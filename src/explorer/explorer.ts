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
 * The page's state (the scenario, the fixed inputs, the running study, the
 * download URLs) lives in this module: it is the page's own script, one per
 * page, so module state is the page's state. The parts that are not wiring
 * are beside it: key-inputs.ts (the sliders' inputs), settings.ts (fields
 * read as settings), sensitivity-client.ts (the sensitivity worker),
 * render.ts (the results) and dom.ts.
 *
 * Everything comes from the library (`../index.js`, which the build turns
 * into `../browser/rivalsim.js`, the browser build: one copy of the code, the
 * same code the Web Workers run), so the page's numbers are `simulate`'s for
 * the same scenario, overrides and seed.
 */
import {
  compareInWebWorkers, isScenarioId, prepareScenario, prepareScenarioDocument, scenarioName, scenarios, simulateInWebWorkers,
  type ComparisonResult, type Plan, type ScenarioSpec, type SimulationResult,
} from '../index.js';
import { $ } from './dom.js';
import { describeDeclared, KEY_INPUTS, meanOfOrNaN, round } from './key-inputs.js';
import { renderComparison, renderStudy, renderTornado, setDownloads } from './render.js';
import { sensitivityInWorker } from './sensitivity-client.js';
import { integerOf, seedOf } from './settings.js';

// ——— the page ———

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
    renderStudy(result, plan, runs, seed, seconds, fixed);
    renderComparison(comparison, isBaseline ? 'This is the baseline scenario: nothing to compare it with.' : `No comparison: the scenario starts at ${plan.start}, the baseline at ${baseline.start}.`);
    const sensitivityRuns = Math.min(runs, 2000);
    status.textContent = `Sensitivity of the headline share on ${sensitivityRuns.toLocaleString('en-US')} runs…`;
    progress.removeAttribute('value');
    const sensitivity = await sensitivityInWorker(sensitivityWorkerUrl, scenario, sensitivityRuns, seed, signal);
    renderTornado(sensitivity, plan);
    setDownloads(result, plan, runs, seed, sensitivity, blobs);
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
