/**
 * The heavy-work worker thread (server/outputs/heavy/pool.ts starts it): runs one job at a time and
 * answers with its result, or its chunks then its result. Bundled as dist/server/heavy-worker.js
 * (scripts/build-server.js); from the sources, worker-dev.mjs loads it through tsx.
 */
import { parentPort } from 'node:worker_threads';
import { runJob, transferables, type JobMessage, type WorkerMessage } from './jobs.js';

const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread');

port.on('message', (msg: JobMessage) => {
  const send = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
  runJob(msg.job, (chunk) => {
    // A copy: pdfkit may reuse the buffer it handed over.
    const copy = chunk.slice();
    send({ id: msg.id, type: 'chunk', chunk: copy }, [copy.buffer as ArrayBuffer]);
  })
    .then((result) => send({ id: msg.id, type: 'done', result }, transferables(result)))
    .catch((err: unknown) => send({ id: msg.id, type: 'failed', message: err instanceof Error ? err.message : String(err) }));
});
