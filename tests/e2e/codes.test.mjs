// The activity view (Figure 7) shows the core's codes: for every binning and kind of layer, the
// code the page draws for a test image, layer by layer, is the text the core gives for it
// (lab.code, the code the information measures count), computed here by a second copy of the
// core in the page itself, on the same data, config and step; and the class the output layer's
// title says it votes for is the core's predicted class (lab.predictedClass).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPage, useSiteAndBrowser, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

const CASES = [
  'hidden=120', // sigmoid threshold: the coursework's bit strings
  'hidden=8&binning=adaptive&bins=5',
  'hidden=20&activation=tanh&binning=uniform&bins=4&convention=standard',
  'hidden=12x8&activation=relu&binning=uniform&bins=3&convention=standard',
  'hidden=16&activation=relu&convention=standard', // threshold at 0
  'hidden=6&binning=uniform&bins=20', // more than 16 bins: numbers
];

/** The core's codes of test image `image` in every layer and its predicted class, from a Lab of
 *  `config` at `steps`. */
function coreCodes(page, config, steps, image) {
  return page.evaluate(async ({ config, steps, image }) => {
    const core = await import('./pkg/brainlab.js');
    await core.default();
    const names = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
    const files = await Promise.all(names.map(async (name) => new Uint8Array(await (await fetch(`./data/${name}`)).arrayBuffer())));
    const twin = new core.Lab(config, ...files);
    twin.step(steps);
    const codes = Array.from({ length: config.hidden.length + 1 }, (_, l) => twin.code(l, image).text);
    const predicted = twin.predictedClass(image);
    twin.free();
    return { codes, predicted };
  }, { config, steps, image });
}

const shownCodes = (view) => view.locator('[data-testid^="code-"]').evaluateAll((els) => els.map((el) => el.dataset.code));

test('the activity view draws the core\'s code of each layer, for every binning', { timeout: 400_000 }, async () => {
  for (const fields of CASES) {
    const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}?debug=1#${fields}&steps=20&eval_interval=10&panels=table,activity`, { viewport: { width: 1400, height: 1000 } });
    const view = page.locator('[data-panel="activity"]');
    await page.click('#step');
    await waitForRuns(page, 'paused');
    await view.locator('.activity-status').filter({ hasText: 'step 10' }).waitFor();
    const config = await page.evaluate(() => window.__brainlab.config(0));
    for (const image of [0, 7]) {
      if (image > 0) {
        await page.fill('.activity-image', String(image));
        await page.dispatchEvent('.activity-image', 'change');
        await view.locator(`canvas.activity-canvas[aria-label="Test image ${image}"]`).waitFor();
      }
      const shown = await shownCodes(view);
      const { codes: expected, predicted } = await coreCodes(page, config, 10, image);
      assert.deepEqual(shown, expected, `${fields}, test image ${image}`);
      assert.ok(predicted >= 0 && predicted < 10, `${fields}: the core predicts a class`);
      const title = await view.locator('.layer-title').last().textContent();
      assert.match(title, new RegExp(`votes for ${predicted}\\b`), `${fields}, test image ${image}: ${title}`);
      assert.equal(shown.length, config.hidden.length + 1);
    }
    assert.deepEqual(pageErrors, [], fields);
    await page.close();
  }
});
