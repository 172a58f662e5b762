// Runs the core's estimator check (estimatorCheck: every estimator of the lab on synthetic
// channels whose I(X;T) is known) off the main thread: it takes seconds. Answers 'estimators'
// requests (see protocol.js) one after another, each with the core's rows or its error; the
// view that starts this worker ends it when it has its answers.

import { loadCore } from '../app/core.js';
import { ASK, COMMAND, answer } from './protocol.js';

const corePromise = loadCore();
corePromise.catch(() => {}); // said in the answer to the first request

let queue = Promise.resolve();
self.onmessage = ({ data: message }) => {
  if (message.type !== COMMAND.request || message.ask !== ASK.estimators) return;
  queue = queue.then(async () => {
    try {
      const core = await corePromise;
      answer(postMessage, message, 0, core.estimatorCheck(message.args?.settings ?? null));
    } catch (err) {
      answer(postMessage, message, 0, err instanceof Error ? err : new Error(String(err)));
    }
  });
};
