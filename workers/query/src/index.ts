export { type AccessConfig, globToRegExp, loadQueryConfig, type QueryConfig } from './config.js';
export { createQueryWorker, type QueryWorker, type QueryWorkerOptions } from './createQueryWorker.js';
export { DROPPED_OUTCOME, QUERY_EVENTS, QUERY_METRICS, type QueryMetrics } from './events.js';
export { type RunSearchOptions, runSearch } from './runSearch.js';
export { SearchError } from './SearchError.js';
