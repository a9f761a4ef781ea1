// What the composition root, the CLIs and the benchmark may use from reporting.
export { registerReporting } from './reporting.module.js';
export { reportingRoutes } from './http/reporting.routes.js';
export { startProjections, type ProjectionsOptions, type RunningProjections } from './infrastructure/start-projections.js';
export { rebuildProjection, type RebuildOptions, type RebuildProgress, type RebuildResult, type RebuildSource } from './infrastructure/rebuild-projection.js';
export type { Difference } from './infrastructure/compare-tables.js';
export { CAMPAIGN_METRICS } from './infrastructure/campaign-metrics-projection.js';
