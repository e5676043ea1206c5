import { ENV_KEYS } from '@rireki/contracts';

/**
 * The workers' Prometheus endpoints turned off: suites run side by side, and the fixed local
 * ports would let only one stack's workers start. Suites about metrics pass ports of their own.
 */
export const NO_METRICS_ENDPOINTS = {
  [ENV_KEYS.ingestMetricsPort]: '0',
  [ENV_KEYS.queryMetricsPort]: '0',
  [ENV_KEYS.maintenanceMetricsPort]: '0',
} as const;
