export { runSend, type SendOptions, type SendReport } from './commands/send.js';
export { runUp, type UpOptions } from './commands/up.js';
export { STACK_EVENTS } from './events.js';
export { demoEvent } from './stack/demoTraffic.js';
export { loadStackConfig, type StackConfig } from './stack/stackConfig.js';
export { type SupervisedWorker, superviseWorker } from './stack/superviseWorker.js';
