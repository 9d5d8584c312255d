import type { Row } from '../server/common/db/index.js';

// What bench/run.ts and the API's process (bench/server.ts) say to each other over IPC.

/** A query a request ran, and how long it took to answer (ms, from the API's process: for the rows after an edit). */
export type Call = { query: string; params: Row; ms?: number };
/** From the API's process: its two ports; the queries a request ran; that the floor's requests are stored. */
export type BenchMessage =
  | { ready: { api: number; floor: number } }
  | { calls: Call[]; requestId: string }
  | { floorReady: true };
/** To the API's process: a request id whose queries to send, or the queries the floor is to answer, by key. */
export type BenchOrder = string | { floor: [string, Call[]][] };
/** Only requests with such an id have their queries recorded: the measured ones run exactly as in production. */
export const RECORDED = 'recorded-';
