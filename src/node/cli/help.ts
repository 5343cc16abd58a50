/**
 * Node-only: what `rivalsim --help` and `--version` print.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The usage text of `rivalsim --help`. */
export const HELP = `rivalsim — Monte Carlo simulation of competitive landscapes
(China's smartphone and consumer-AI markets)

Usage
  rivalsim list                         the bundled scenarios
  rivalsim describe <scenario>          narrative, agents, markets, events, uncertain inputs
  rivalsim run <scenario> [options]     simulate; a table per market and the key events
  rivalsim compare <a> <b> [options]    b − a on common random numbers
  rivalsim merge <shard files…> [--csv FILE] [--json FILE] [--report FILE] [--quiet]
                                        merge shard files (any order) into the
                                        study's result, printed (and written)
                                        as run (or, for comparison shards,
                                        compare) prints and writes it
  rivalsim calibrate <scenario> [options]
                                        fit uncertain inputs to tracker figures;
                                        the fit table, --out posterior.json
  rivalsim backtest <scenario> --origin YYYY-MM [--origin …] [options]
                                        forecast the figures after each origin
                                        from the data before it; scores beside
                                        persistence and mean reversion
  rivalsim discover <scenario> --when "PREDICATE" [--runs N] [--seed S]
                    [--method prim|cart] [--json] [--report FILE]
                                        what must be true for PREDICATE to hold:
                                        the box of inputs PRIM (or CART) finds,
                                        its restrictions and quasi-p-values, and
                                        the coverage–density trade-off (4000 runs)
  rivalsim explore [--port N] [--no-open]
                                        serve the explorer page on 127.0.0.1
                                        (port N, default a free one; its URL on
                                        stdout) and open it in the browser
                                        unless --no-open: pick a scenario or
                                        drop a file, set runs, seed and key
                                        inputs, run on Web Workers; charts,
                                        comparison with the baseline, tornado,
                                        downloads. Ctrl-C stops it
  rivalsim help | --help | --version

A <scenario> is a bundled id (see \`rivalsim list\`) or a JSON scenario file,
e.g. late-deal.json: {"id": "late-deal", "extends": "baseline", "horizon": 48}

Options of run and compare
  --runs N          number of runs, an integer ≥ 1 (default 10000)
  --seed S          seed of the study, an integer or a word (default 42)
  --horizon MONTHS  months to simulate, an integer ≥ 1 (default: the scenario's)
  --workers W       worker threads, an integer ≥ 1, or auto (the default:
                    one per 25,000 runs, up to the machine's cores; a worker
                    takes about half a second to start); results are
                    bit-identical for any W
  --csv FILE        write the summary (run) or the differences (compare) as CSV
  --json FILE       write the full result as JSON, with its provenance
                    (rivalsim version, scenario hash, seed, runs, design,
                    when, runtime) and its exact state: reload it later with
                    SimulationResult.fromJSON (ComparisonResult.fromJSON)
  --runs-csv FILE   (run) one CSV row per run: run, its uncertain inputs and
                    event draws, predicate:<name> (1/0) and
                    share:<market>:<agent> at the horizon
  --report FILE     write a self-contained HTML report (charts, events; for
                    run also the sensitivity of the headline share, e.g.
                    Apple's phone share, on min(runs, 2000) runs)
  --quiet           no progress bar or notes on stderr
  --posterior FILE  draw the fitted inputs of each run from a posterior
                    written by calibrate --out (the rest as declared)
  --metrics LIST    summarise only these metrics and share, comma-separated,
                    e.g. users,sales (default: all when --csv, --json or --out
                    writes the result, else share alone: faster)
  --predicate TEXT  also estimate P(TEXT) with its standard error (repeatable),
                    e.g. --predicate "share(phones, apple, 2027-12) > 0.18";
                    the language: docs/discovery.md
  --rank-at DATES   also count rank probabilities at these months,
                    comma-separated, e.g. 2027-12 (a scenario file may list
                    them in "study": {"rankAt": […], "predicates": {…}})
  --precision P     (run) runs:'auto': batches of 2048 runs until every share's
                    95% half-width at the horizon is at most P (e.g. 0.001),
                    at most --runs runs when given; in process
  -h, --help        this help

Shards (run and compare): split a study over processes or machines, then merge
  --shard I/N       run only shard I of N (0 ≤ I < N): whole blocks of 256 runs
  --out FILE        write the result as a shard file (needed with --shard;
                    without --shard, one file covering all runs)
  e.g.  rivalsim run apple-alibaba --runs 1000000 --shard 3/16 --out part-3.json
        rivalsim merge part-*.json --csv all.csv     (bit-identical to one run)
        rivalsim compare baseline apple-alibaba --shard 3/16 --out cmp-3.json
        rivalsim merge cmp-*.json --csv diff.csv     (bit-identical to one compare)

Options of calibrate (observation files: docs/fitting.md)
  --data FILE       observations, CSV or JSON rows source,market,agent,period,
                    metric,value (default for bundled scenarios: the bundled
                    China history, 2021 – January 2025)
  --from YYYY-MM    fit from this month to the end of the data (a bundled
                    scenario: the China landscape as it stood then, 2022-01 …)
  --params LIST     inputs to fit, comma-separated paths or parameter names
                    (default: every continuous uncertain input)
  --method abc|mle  ABC-SMC (default) or maximum a posteriori + Laplace
  --particles N     particles (ABC) or posterior draws (MLE), default 200
  --generations N   most ABC generations, default 8
  --seed S          default 42
  --workers W       threads drawing ABC particles, or auto (the default: the
                    machine's cores for 800 particle draws or more, else 1);
                    the posterior is bit-identical for any W
  --out FILE        write the posterior (for run --posterior)
  --report FILE     write an HTML page of the fit
  --quiet           no progress on stderr

Options of backtest
  --data FILE       observations (default: the bundled China history)
  --origin YYYY-MM  first month forecast; repeat for rolling origins
  --months N        months forecast from each origin, default 12
  --runs N          runs per forecast, default 500
  --seed S          default 42
  --metric M        share (default), units or users
  --periods LIST    year, quarter, month (default all), e.g. year
  --sources LIST    only these trackers; --agents LIST only these agents
  --calibrate-from YYYY-MM
                    fit from this month to each origin first (with --params,
                    --particles, --generations as in calibrate), then forecast
                    on the posterior
  --json            print {"origins": [{"origin", "mae", "persistenceMae",
                    "meanReversionMae", "coverage50", "coverage90", "crps",
                    "rows"}]} instead of the tables
  --report FILE     write an HTML page: "How well does this model forecast?"
  --quiet           no progress on stderr
  A bundled scenario is forecast from the China landscape rebuilt at each
  origin from the figures published before it (parameters at their priors,
  no events, no policies); a scenario file from its landscape with the start moved.

Output: shares now, the median at the horizon (± its Monte Carlo standard
error) with its P5–P95 range and P(rank 1) ± se per market; P(approval), P(go-live) and the mean go-live month of
each partnership; P(any outage) and mean outage months per provider.

Exit codes: 0 success, 2 bad input (one line on stderr), 1 internal fault
(set RIVALSIM_DEBUG=1 to print its stack).
`;

/** The version in the package.json next to (or above) this file. */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'rivalsim' && pkg.version) return pkg.version;
    } catch {
      // not here: look one level up
    }
    dir = dirname(dir);
  }
  return 'unknown';
}
