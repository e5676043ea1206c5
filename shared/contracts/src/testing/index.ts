export { actionLogFactory, RECEIVED_AT_MS } from './actionLogFactory.js';
export { seededRandom } from './seededRandom.js';
