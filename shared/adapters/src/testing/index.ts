// Helpers for the test suites of every package: one way to wait, and one way to read a queue's
// depth. Not built into dist/ and not shipped; tests reach it as @rireki/adapters/testing.
export { messagesOn, queueDepth } from '../sqs/queueDepth.js';
export { embeddedS3Client } from './embeddedS3Client.js';
export { openTestLedger, recordFiles, type TestLedger } from './testLedger.js';
export { waitFor } from './waitFor.js';
export { waitForDrain } from './waitForDrain.js';
