/**
 * rivalsim — Monte Carlo simulation of competitive landscapes.
 *
 * The public API, grouped by stage: randomness, the declared model, the
 * compiled plan and worlds, policies, landscapes, many runs, analysis,
 * charts and reports.
 */
import { simulate as simulateStudy } from './analysis/auto-runs.js';
import { discover as discoverBox } from './analysis/discovery/discover.js';
import { sensitivity as sensitivityOf } from './analysis/sensitivity.js';
import { sobol as sobolOf } from './analysis/sobol.js';
import { displaying } from './charts/display.js';
import { compare as compareRuns, mergeComparisons as mergeComparisonResults } from './montecarlo/compare.js';
import { merge as mergeResults } from './montecarlo/merge.js';
import { compareOnPool as compareOnPoolWorkers, simulateOnPool as simulateOnPoolWorkers } from './montecarlo/pool.js';
import { mergeComparisonShardJSON as mergeComparisonShardDocuments, mergeShardJSON as mergeShardDocuments } from './montecarlo/shards/merge.js';
import { compareInWebWorkers as compareOnWebWorkers, simulateInWebWorkers as simulateOnWebWorkers } from './web/pool.js';
import { createWorld as createWorldOf, runScenario as runScenarioOf } from './model/world.js';
import type {
  CompareInWebWorkers, CompareOnPool, CreateWorld, Merge, RunScenario, Simulate, SimulateInWebWorkers, SimulateOnPool,
} from './typed-results.js';

// errors
export { RivalsimError } from './errors.js';

// randomness
export { createRandomSource, StreamFamily } from './random/source.js';
export type { RandomSource, Seed } from './random/source.js';
export {
  sampleNumeric, validateNumeric, meanOf, isDistribution, DISTRIBUTION_NAMES,
  probability, nonNegative, positive, anyFinite,
} from './random/distributions.js';
export type { Distribution, Numeric, NumericConstraint, Sampleable } from './random/distributions.js';

// the declared model
export type {
  AgentSpec, AssistantMarketSpec, DeviceMarketSpec, MarketSpec, LandscapeSpec, ParticipantSpec,
  ProductCycleSpec, CapacitySpec, CapacityBehaviourSpec, WeightDriftSpec, ShockProcessSpec,
  ScenarioSpec, EventSpec, AILaunchEvent, PartnershipEvent, ShockEvent, EntryEvent, ExitEvent,
  RampSpec, MonthSpec, Role, CustomMetricSpec, SubsidyEvent, ProductLaunchSpec, ChannelSpec, PriceTierSpec,
} from './model/types.js';

// ids as types: what a landscape or scenario declares, checked where results are read
export type {
  LandscapeIds, StudyIds, StudyIdsOf, KnownMarket, DeviceMetric, AssistantMetric, BuiltInMetrics,
  DealEventKind, EventQuery, SharedIds,
} from './model/ids.js';
export { LANDSCAPE_IDS, EVENT_IDS } from './model/ids.js';
export { defineLandscape, defineScenario } from './model/define.js';
export type { LandscapeIdsOf, EventIdsOf, ScenarioLandscapeIdsOf } from './model/define.js';
export type {
  Simulate, Compare, SimulateOnPool, SimulateInWebWorkers, CompareOnPool, CompareInWebWorkers, Merge, WorldOf, CreateWorld, RunScenario,
} from './typed-results.js';

// compiling and running one world
export { compileScenario, prepareScenario } from './model/compile.js';
export { loadExpressions, compileExpression, expressionsLoaded, ALLOWED_FUNCTIONS, ExpressionsNotLoaded } from './expressions/expression.js';
export type { Expression, CompiledExpression } from './expressions/expression.js';
export type { Plan } from './model/compile.js';
export { World } from './model/world.js';
export type { WorldOptions } from './model/world.js';
export { RunResult, DEVICE_METRICS, ASSISTANT_METRICS, METRIC_UNITS, FLOW_UNIT, metricUnit } from './model/result.js';
export type { EventLogEntry, EventLogKind, MarketSeries } from './model/result.js';
export { dateAt } from './model/time.js';

// calibration kernels
export { softmax, bassCumulative, bassIncrement } from './model/math.js';

// policies
export { defendShare, seekPartner, accelerateAI, passive, resolvePolicy } from './model/policies/index.js';
export type {
  Policy, PolicySpec, PolicyAction, Observation, MarketView, PartnershipView, PartnershipOffer, ProviderView, PartnershipTerms,
  DefendShareOptions, SeekPartnerOptions, AccelerateAIOptions,
} from './model/policy-types.js';

// landscapes
export { chinaLandscape, chinaSeasonality, chinaData, PHONE_TRACKERS, PHONE_MAKERS } from './landscapes/china.js';
export type { ChinaLandscapeIds, ChinaAgent, ChinaPhoneAgent, ChinaAssistantAgent } from './landscapes/china.js';
export type { ChinaLandscapeOptions, PhoneTracker, PhoneMaker, ChinaData, ChinaAssistantData, ChinaInstalledBase, ChinaSubsidy, ChinaLaunch, ChinaAIStep, ChinaParameter, SourcedFigure, NotedFigure, ByBrand, SomeBrands } from './landscapes/china.js';

// Monte Carlo
export type { AutoRunsOptions } from './analysis/auto-runs.js';
export { shardRange, DEFAULT_QUANTILES } from './montecarlo/simulate.js';
export type { SimulateOptions, RunPredicate, StudyPredicate } from './montecarlo/simulate.js';
export { compilePredicate, compileRunValue, runPredicates } from './montecarlo/predicates.js';
export { rankStepsAt } from './montecarlo/dates.js';
export type { CompiledPredicate, CompiledRunValue } from './montecarlo/predicates.js';
export { parsePredicate, printPredicate, PredicateError } from './expressions/predicate.js';
export type { PredicateNode, PredicateArgument, ComparisonOperator, ArithmeticOperator } from './expressions/predicate.js';
export { InputTableBuilder, inputTable } from './montecarlo/inputs.js';
export type { InputColumn, InputTable, InputTableOptions, InputTableState } from './montecarlo/inputs.js';
export { inputLabel } from './montecarlo/labels.js';
export { quantileUncertainty, quantileStandardError, quantileInterval, eventStatErrors, cellHistogram } from './montecarlo/uncertainty.js';
export type { CellHistogram, QuantileUncertainty } from './montecarlo/uncertainty.js';
export { SimulationResult, RunGroupView, quantileName } from './montecarlo/result.js';
export type { Estimate, SummaryRow } from './montecarlo/result.js';
export type { DealParties } from './montecarlo/events.js';
export { ComparisonResult } from './montecarlo/compare.js';
export type { DifferenceStat, DifferenceRow, ComparisonProvenance } from './montecarlo/compare.js';
export type { KeptOutput } from './montecarlo/kept-inputs.js';
export { RIVALSIM_VERSION, runtimeVersion, scenarioHash, canonicalJSON } from './montecarlo/provenance.js';
export type { Provenance, Origin } from './montecarlo/provenance.js';
export { RunError } from './montecarlo/runner.js';
export type { Progress, RunLoopOptions } from './montecarlo/runner.js';
export { buildDesign, uncertainInputs, choleskyOfCorrelation, posteriorDrawIndex } from './montecarlo/design.js';
export type { Design, DesignKind, CorrelationSpec, UncertainInput, DesignRow, PosteriorDraws } from './montecarlo/design.js';
export { Summary } from './montecarlo/summary.js';
export { histogramKindOf } from './montecarlo/layout.js';
export type { CellStat, MarketLayout } from './montecarlo/layout.js';
export { ExactSums, BLOCK_RUNS } from './montecarlo/exact.js';
export type { EventStat } from './montecarlo/events.js';
export { quantileOf, probit } from './random/quantile.js';

// the shard format (portable; files are read and written by 'rivalsim/node')
export { encodeFloat64, decodeFloat64, encodeCounts, decodeCounts } from './montecarlo/shards/codec.js';
export type { Float64JSON, SparseCountsJSON } from './montecarlo/shards/codec.js';
export type { GroupStateJSON, SummaryStateJSON } from './montecarlo/shards/state.js';
export { shardToJSON, comparisonShardToJSON, SHARD_FORMAT, SHARD_VERSION, COMPARISON_SHARD_FORMAT } from './montecarlo/shards/document.js';
export type { ShardDocument, ComparisonShardDocument, ShardWriteOptions } from './montecarlo/shards/document.js';

// bundled scenarios
export { bundledScenarios as scenarios, isScenarioId, baselineScenario, appleAlibabaScenario, chinaBacktestScenario } from './scenarios/china/index.js';
export type { BundledScenarios, ScenarioId, ChinaScenario, AppleAlibabaEventId, AppleBaiduEventId, CommonEventId, R1Maker } from './scenarios/china/index.js';

// scenario documents (JSON files or objects extending a bundled scenario)
export { resolveScenarioDocument, prepareScenarioDocument, locateInDocument, BUNDLED_REGISTRY } from './scenarios/document.js';
export type { ScenarioDocument, LandscapeOverride, AgentOverride, MarketOverride, ParticipantOverride, EventOverride, Changes, DocumentRegistry, LandscapeEntry } from './scenarios/document.js';

// worker pools (portable core; Node's worker threads are in 'rivalsim/node')
export { workerRunner } from './montecarlo/pool.js';
export type { PoolWorker, WorkerTask, WorkerMessage, WorkerModule } from './montecarlo/pool.js';
export type { WebWorkerOptions } from './web/pool.js';

// fitting: observations, calibration, posterior, backtest
export {
  parseObservations, checkObservations, observationsToCSV, observationsBefore, OBSERVATION_COLUMNS, OBSERVATION_METRICS,
} from './fitting/observations.js';
export type { ObservationRow, ObservationMetric, ParseObservationsOptions, PublishedFigure } from './fitting/observations.js';
export { KNOWN_SOURCES, sourceRegistry } from './fitting/sources.js';
export type { SourceInfo } from './fitting/sources.js';
export { parsePeriod, periodSteps } from './model/periods.js';
export type { Period, PeriodKind } from './model/periods.js';
export { observationPredictor } from './fitting/aggregate.js';
export type { Predictor, PredictorOptions } from './fitting/aggregate.js';
export { errorModel, residuals, distance, logLikelihood, noiseScales, transformed, untransformed, DEFAULT_NOISE_PRIOR } from './fitting/likelihood.js';
export type { ErrorModel, NoisePrior } from './fitting/likelihood.js';
export { calibrate } from './fitting/calibrate.js';
export type { CalibrateOptions } from './fitting/calibrate.js';
export type { CalibrationProgress, GenerationDiagnostics } from './fitting/abc.js';
export { parsePosterior, posteriorToJSON, describePosterior, POSTERIOR_FORMAT, POSTERIOR_VERSION } from './fitting/posterior.js';
export type { Posterior, PosteriorParameter, NoiseEstimate, SeriesResidual, FitRow, PosteriorDiagnostics } from './fitting/posterior.js';
export { backtest } from './fitting/backtest.js';
export type { BacktestOptions, BacktestResult, BacktestOrigin, BacktestRow, ScenarioAt } from './fitting/backtest.js';
export { backtestToJSON } from './fitting/backtest-scores.js';
export { forecastFigures } from './fitting/forecast.js';
export type { ForecastOptions } from './fitting/forecast.js';
export { referenceModels } from './fitting/references.js';
export type { ReferenceModels, ReferenceForecast } from './fitting/references.js';
export { noiseFromDisagreement } from './fitting/noise.js';
export type { DisagreementNoise } from './fitting/noise.js';
export { crpsEnsemble, summaryScores, rankAccuracy } from './fitting/scores.js';
export { chinaHistory, chinaPosterior } from './fitting/history.js';

// analysis
export type { SensitivityOptions, SensitivityResult, SensitivityStep, InputSensitivity } from './analysis/sensitivity.js';
export type { SobolOptions, SobolResult, SobolStep, SobolIndex } from './analysis/sobol.js';
export { bootstrap, bootstrapSensitivity, sensitivityMeasures } from './analysis/bootstrap.js';
export type { BootstrapOptions, BootstrapEstimate } from './analysis/bootstrap.js';
export type { Displayable } from './analysis/displayable.js';
export { describeBox, prim, cart, describeRestriction, boxStats, membership } from './analysis/discovery/index.js';
export type {
  DiscoverOptions, DiscoveryResult, PrimOptions, PrimResult, PrimStep, PrimBox, CartOptions, CartResult, CartLeaf, CartNode, CartSplit,
  BoxStats, BoxLimits, Limit, Restriction,
} from './analysis/discovery/index.js';
export { simulateUntil } from './analysis/convergence.js';
export type { SimulateUntilOptions, SimulateUntilResult, PrecisionTarget } from './analysis/convergence.js';
export type { AnalysisOutput, OutputCell } from './analysis/common.js';
export { ranks, spearman, pearson, standardisedRegression, solveLinear } from './analysis/stats.js';

// charts
export { fanChartSVG, rankBarsSVG, tornadoSVG, comparisonChartSVG } from './charts/svg.js';
export { fanChartSpec, rankBarsSpec, tornadoSpec, comparisonSpec, VEGA_LITE_SCHEMA } from './charts/vegalite.js';
export type { VegaLiteSpec } from './charts/vegalite.js';
export type { ChartFrame, SeriesChartOptions, FanChartLayout, FanChartOptions, RankBarsOptions, TornadoEntry, TornadoOptions, ComparisonChartOptions } from './charts/data.js';
export { PALETTE, agentColour, escapeXML } from './charts/core.js';
export {
  JUPYTER_DISPLAY, installDisplay, simulationMime, comparisonMime, simulationSummary, comparisonSummary, simulationSVG, comparisonSVG,
} from './charts/display.js';
export type { MimeBundle } from './charts/display.js';
export { tradeoffSVG, tradeoffSpec, boxSVG, boxSpec } from './charts/discovery.js';
export type { DiscoveryChartOptions, ChartBox } from './charts/discovery.js';
export { sobolSVG, sobolSpec } from './charts/sobol.js';
export type { SobolChartOptions } from './charts/sobol.js';
export { runSVG, runSpec } from './charts/run-chart.js';
export type { RunChartOptions } from './charts/run-chart.js';
export {
  stackSVG, runMime, runSummary, sensitivityMime, sensitivitySummary, sobolMime, sobolSummary, discoveryMime, discoverySummary, discoverySVG,
} from './charts/results-display.js';
export { htmlReport, comparisonReport, headlineOutput, type HtmlReportOptions, type ComparisonReportOptions } from './report/html.js';
export { backtestSection, calibrationSection, forecastChartSVG, backtestReport, calibrationReport } from './report/backtest.js';
export type { ForecastPoint, ForecastChartOptions, FittingReportOptions } from './report/backtest.js';
export { calibrationText, backtestText, backtestSummaryText } from './report/fit-text.js';

// reports: one model (plain rows), rendered as text (the command line's tables) and HTML
export {
  marketShares, declaredDeals, policyDeals, outages, outageAgents, otherHappenings, comparisonShares, keyEvents, comparisonPolicyDeals, dealLabel,
} from './report/model.js';
export type { ShareRow, MarketShares, DeclaredDealRow, PolicyDealRow, OutageRow, DifferenceShareRow, KeyEventRow } from './report/model.js';
export { studyText, comparisonText, textTable, pp } from './report/text.js';
export { pct, num, formatStep, agentName, scenarioName, scenarioTitle, shareLabel } from './report/format.js';
export { formatDistribution } from './report/distribution.js';
export { discoveryText, discoverySection, restrictionRows, tradeoffPoints, reportedBox } from './report/discovery.js';
export type { DiscoveryReport, RestrictionRow } from './report/discovery.js';
export { predicateRows } from './report/model.js';
export type { PredicateRow } from './report/model.js';
export { pctSE, numSE, formatStepSE } from './report/format.js';

// The functions that return results. Each is exported under a signature that types its result
// with the ids of the scenario it runs (typed-results.ts): the engine is the same for any ids
// (it reads them at run time, and its lookups reject unknown ones), so the signature is a view
// asserted here, once. Results draw themselves in notebooks (toSVG, _toMime,
// Symbol.for('Jupyter.display')): the presentation layer installs those methods onto the
// engine's result classes. Each function is exported through `displaying`, which installs
// them and returns the function itself, so that a bundler honouring "sideEffects": false
// keeps the installation with whichever of these a program uses.

/**
 * Runs a scenario many times (or `runs: 'auto'`): see its documentation.
 *
 * @function
 * @example
 * await simulate(scenarios.baseline, { runs: 1000, seed: 1 });
 */
export const simulate = displaying(simulateStudy) as Simulate;
/**
 * Sensitivity of an output to the uncertain inputs, with bootstrap errors.
 *
 * @function
 * @example
 * await sensitivity(s, { output: { market: 'phones', metric: 'share', agent: 'apple' }, runs: 2000 });
 */
export const sensitivity = displaying(sensitivityOf);
/**
 * Sobol indices with bootstrap intervals.
 *
 * @function
 * @example
 * await sobol(s, { output: { market: 'phones', metric: 'share', agent: 'apple' }, n: 256 });
 */
export const sobol = displaying(sobolOf);
/**
 * Scenario discovery (PRIM or CART): what must be true for a predicate to hold.
 *
 * @function
 * @example
 * discover(result, 'appleFirst', { method: 'prim' });
 */
export const discover = displaying(discoverBox);
/**
 * Two scenarios on common random numbers.
 *
 * @function
 * @example
 * await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 1000, seed: 1 });
 */
export const compare = displaying(compareRuns);
/**
 * Merges shard results of one study.
 *
 * @function
 * @example
 * merge(parts).toCSV();
 */
export const merge = displaying(mergeResults) as Merge;
/**
 * Merges shard results of one comparison.
 *
 * @function
 * @example
 * mergeComparisons(parts).toCSV();
 */
export const mergeComparisons = displaying(mergeComparisonResults);
/**
 * Merges shard documents of one study.
 *
 * @function
 * @example
 * await mergeShardJSON(docs, names);
 */
export const mergeShardJSON = displaying(mergeShardDocuments);
/**
 * Merges comparison shard documents.
 *
 * @function
 * @example
 * await mergeComparisonShardJSON(docs, names);
 */
export const mergeComparisonShardJSON = displaying(mergeComparisonShardDocuments);
/**
 * A study on pool workers.
 *
 * @function
 * @example
 * await simulateOnPool(s, { runs: 1e5, seed: 1 }, 4, start);
 */
export const simulateOnPool = displaying(simulateOnPoolWorkers) as SimulateOnPool;
/**
 * A comparison on pool workers.
 *
 * @function
 * @example
 * await compareOnPool(a, b, { runs: 1e5, seed: 1 }, 4, start);
 */
export const compareOnPool = displaying(compareOnPoolWorkers) as CompareOnPool;
/**
 * A study on Web Workers.
 *
 * @function
 * @example
 * await simulateInWebWorkers(s, { runs: 1e5, seed: 1, workers: 4, workerUrl });
 */
export const simulateInWebWorkers = displaying(simulateOnWebWorkers) as SimulateInWebWorkers;
/**
 * A comparison on Web Workers.
 *
 * @function
 * @example
 * await compareInWebWorkers(a, b, { runs: 1e5, seed: 1, workers: 4, workerUrl });
 */
export const compareInWebWorkers = displaying(compareOnWebWorkers) as CompareInWebWorkers;

/**
 * A world of a scenario, for one run at a time (see `World`), its results
 * typed with the scenario's ids.
 *
 * @function
 * @example
 * const world = createWorld(scenarios.baseline, { seed: 1 });
 * world.run().at('phones', 'share', 'apple', 12);
 */
export const createWorld = createWorldOf as CreateWorld;
/**
 * One run of a scenario, its result typed with the scenario's ids.
 *
 * @function
 * @example
 * runScenario(scenarios.baseline, { seed: 1 }).shares('phones').apple; // => 0.15…
 */
export const runScenario = runScenarioOf as RunScenario;
