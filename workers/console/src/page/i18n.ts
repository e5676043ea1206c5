import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

const en = {
  title: 'Action history',
  tabSearch: 'Search',
  tabQuarantine: 'Quarantine',
  apps: 'Apps',
  noApps: 'This console may search no app.',
  range: 'Time range',
  custom: 'Custom',
  from: 'From',
  to: 'To',
  rangeHint: 'YYYY-MM-DD or YYYY-MM-DD HH:MM in the chosen time zone; a date alone is midnight there.',
  zone: 'Time zone',
  filters: 'Filters',
  addFilter: 'Add filter',
  removeFilter: 'Remove',
  field: 'Field',
  operator: 'Operator',
  value: 'Value',
  text: 'Text in path, action or params',
  order: 'Order',
  newest: 'Newest first',
  oldest: 'Oldest first',
  columns: 'Columns',
  submit: 'Search',
  searching: 'Searching…',
  total: 'matching events',
  loadMore: 'Load more',
  noResults: 'No event matches.',
  histogram: 'Events over time',
  histogramHint: 'Drag across bars to zoom into that range.',
  top: 'Top values',
  others: 'others',
  addAsFilter: 'Add as filter',
  timeline: 'Timeline of user',
  showTimeline: 'Show this user’s timeline',
  export: 'Export',
  exportCsv: 'Export CSV',
  exportNdjson: 'Export NDJSON',
  cancel: 'Cancel',
  exported: 'rows exported',
  cancelled: 'Export cancelled',
  language: 'Language',
  details: 'Event',
  requester: 'Requester',
  openAccess: 'open access',
  quarantineHint:
    'Records the ingest worker could not accept, with the reasons, by the UTC day they were kept.',
  reason: 'Reason',
  load: 'Load',
  noRecords: 'No quarantined record.',
  problems: 'Problems',
  raw: 'Raw input',
  invalidRange: 'The range is not valid: give From before To.',
  everyApp: 'every app',
} as const;

export type MessageKey = keyof typeof en;

const ja: Record<MessageKey, string> = {
  title: '実行履歴',
  tabSearch: '検索',
  tabQuarantine: '隔離',
  apps: 'アプリ',
  noApps: 'このコンソールが検索できるアプリはありません。',
  range: '期間',
  custom: '指定',
  from: '開始',
  to: '終了',
  rangeHint: '選んだタイムゾーンの YYYY-MM-DD または YYYY-MM-DD HH:MM。日付だけならその日の 0 時。',
  zone: 'タイムゾーン',
  filters: '絞り込み',
  addFilter: '条件を追加',
  removeFilter: '削除',
  field: '項目',
  operator: '演算子',
  value: '値',
  text: 'パス・アクション・パラメータの文字列',
  order: '並び順',
  newest: '新しい順',
  oldest: '古い順',
  columns: '表示列',
  submit: '検索',
  searching: '検索中…',
  total: '件',
  loadMore: 'さらに読み込む',
  noResults: '該当するイベントはありません。',
  histogram: '件数の推移',
  histogramHint: '棒の上をドラッグするとその期間に絞り込みます。',
  top: '上位の値',
  others: 'その他',
  addAsFilter: '絞り込みに追加',
  timeline: 'ユーザーの履歴',
  showTimeline: 'このユーザーの履歴を表示',
  export: 'エクスポート',
  exportCsv: 'CSV でエクスポート',
  exportNdjson: 'NDJSON でエクスポート',
  cancel: '中止',
  exported: '行をエクスポートしました',
  cancelled: 'エクスポートを中止しました',
  language: '言語',
  details: 'イベント',
  requester: 'リクエスタ',
  openAccess: 'オープンアクセス',
  quarantineHint: 'インジェストワーカーが受け付けられなかったレコードと理由（保存した UTC の日付ごと）。',
  reason: '理由',
  load: '読み込む',
  noRecords: '隔離されたレコードはありません。',
  problems: '問題',
  raw: '元の入力',
  invalidRange: '期間が正しくありません。開始を終了より前にしてください。',
  everyApp: 'すべてのアプリ',
};

export const LANGUAGES = { en, ja } as const;
export type Language = keyof typeof LANGUAGES;

/** The browser's language when it is Japanese, else English; a choice made here is remembered. */
export function initialLanguage(): Language {
  const saved = localStorage.getItem('rireki.language');
  if (saved === 'en' || saved === 'ja') return saved;
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export type Translate = (key: MessageKey) => string;
export const I18n = createContext<Translate>((key) => en[key]);
export const useT = (): Translate => useContext(I18n);
