import { ENV_KEYS } from '@rireki/contracts';

/**
 * The workers' Prometheus endpoints, and the stack's web console, turned off: suites run side by
 * side, and the fixed local ports would let only one stack start. Suites about metrics or the
 * console pass ports of their own.
 */
export const NO_METRICS_ENDPOINTS = {
  [ENV_KEYS.ingestMetricsPort]: '0',
  [ENV_KEYS.queryMetricsPort]: '0',
  [ENV_KEYS.maintenanceMetricsPort]: '0',
  [ENV_KEYS.consolePort]: '0',
} as const;
