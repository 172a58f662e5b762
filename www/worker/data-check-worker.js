// Checks a data set off the main thread: builds the smallest Lab on it (which parses all four
// IDX files) and answers with the core's description of the data, or the core's error. One
// request ('check', see protocol.js); the page ends the worker after the answer, so the memory
// the check took goes with it.

import { loadCore } from '../app/core.js';
import { ASK, COMMAND, answer } from './protocol.js';

// The smallest network the core accepts; building it still checks every file.
const CHECK_CONFIG = { hidden: [1], batch_size: 1, train_size: 1, steps: 1, eval_interval: 1 };

self.onmessage = async ({ data: message }) => {
  if (message.type !== COMMAND.request || message.ask !== ASK.check) return;
  const { trainImages, trainLabels, testImages, testLabels } = message.args;
  try {
    const core = await loadCore();
    const lab = new core.Lab(CHECK_CONFIG, trainImages, trainLabels, testImages, testLabels);
    lab.free();
    answer(postMessage, message, 0, core.describeData(trainImages, trainLabels, testImages, testLabels) ?? null);
  } catch (err) {
    answer(postMessage, message, 0, err);
  }
};
