export * from './types.ts';
export { BuiltinMonitoring } from './builtin.ts';
export { NewRelicMonitoring, type NewRelicMonitoringOptions, DEFAULT_API_URL, DEFAULT_SYNTHETICS_URL } from './newrelic/index.ts';
export { runSmokeChecks, summarizeSmokeChecks, type SmokeCheck, type SmokeCheckName, type SmokeCheckReport, type SmokeCheckTarget } from './smoke-checks.ts';
export { checkUrl, DEFAULT_AVAILABILITY_TIMEOUT_MS, type UrlCheckResult } from './availability.ts';
export { probe, type ProbeOptions, type ProbeResult } from './probe.ts';
