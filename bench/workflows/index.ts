// The benchmark's workflow bundle (bench/bare-worker.ts): the bare workflow only.
export { bare } from './bare';
