export {
  type ConsoleApi,
  type ConsoleAppOptions,
  type ConsoleBackend,
  createConsoleApp,
} from './createConsoleApp.js';
export { CSV_COLUMNS, EXPORT_FORMATS, type ExportFormat } from './exportRows.js';
export { API_HEADER, CONTENT_SECURITY_POLICY } from './security.js';
export { type ConsoleOptions, type RunningConsole, startConsole } from './startConsole.js';
