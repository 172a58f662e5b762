// Export: the metrics CSV (the CLI's columns, per-layer ones included) matches the numbers on
// the page, the JSON carries each run's config and the lab's version, the charts come out as
// PNG, and an exported config imports back.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downloadOf, openPage, PNG_SIGNATURE, runRows, useSiteAndBrowser, waitForRuns } from './helpers.mjs';

const lab = useSiteAndBrowser();

test('metrics, charts and config download; the config imports back', { timeout: 120_000 }, async () => {
  const { page, pageErrors } = await openPage(lab.browser, `${lab.site.url}#hidden=30,15&seed=3&steps=20&eval_interval=10&batch_size=50`);
  await page.click('#start');
  await waitForRuns(page, 'done');
  const shown = await runRows(page);

  const csv = await downloadOf(page, '#export-csv');
  assert.match(csv.name, /\.csv$/);
  const [header, ...lines] = csv.bytes.toString('utf8').trim().split('\n');
  // The CLI's columns: loss and accuracy, then per weight layer its diagnostics and information
  // measures (binned, then the KDE bounds, empty unless binning is kde; two weight layers here),
  // then the run's label.
  const columns = header.split(',');
  assert.deepEqual(columns.slice(0, 6), ['step', 'train_loss', 'train_acc', 'test_loss', 'test_acc', 'l1_grad']);
  // Per weight layer: 8 diagnostics, one column per figure any registered rule declares
  // (inverse_error, the microcircuit's three, …), 8 information measures, 7 KDE bounds.
  const perLayer = (l) => columns.filter((c) => c.startsWith(`l${l}_`)).length;
  assert.ok(perLayer(1) >= 8 + 4 + 8 + 7, `${perLayer(1)} columns per layer`);
  assert.equal(perLayer(2), perLayer(1));
  assert.equal(columns.length, 5 + 2 * perLayer(1) + 1);
  assert.equal(columns.at(-1), 'run');
  for (const name of ['l1_update_angle_deg', 'l1_i_x_t_bits', 'l1_i_x_t_shuffled_bits', 'l1_undersampled', 'l1_dpi_holds', 'l2_i_t_q_bits', 'l1_kde_upper_i_x_t_bits', 'l2_kde_noise_var']) {
    assert.ok(columns.includes(name), name);
  }
  const rows = lines.map((line) => {
    const cells = line.split(',');
    assert.equal(cells.length, columns.length, line);
    const [step, trainLoss, trainAcc, testLoss, testAcc] = cells;
    const at = (name) => cells[columns.indexOf(name)];
    return { step, trainLoss, trainAcc, testLoss, testAcc, run: cells.at(-1), w1: at('l1_w'), ixt: at('l1_i_x_t_bits'), angle: at('l1_update_angle_deg') };
  });
  for (const run of shown) {
    const mine = rows.filter((row) => row.run === run.label);
    assert.deepEqual(mine.map((row) => row.step), ['0', '10', '20'], run.label);
    // The table's raw numbers are the last evaluation's.
    assert.equal(mine.at(-1).testAcc, run.testAcc, run.label);
    assert.equal(mine.at(-1).trainAcc, run.trainAcc, run.label);
    for (const row of mine) {
      assert.ok(Number(row.testLoss) > 0 && Number(row.trainLoss) > 0);
      assert.ok(Number(row.w1) > 0, `${run.label}: mean |W1| is exported`);
      assert.ok(Number(row.ixt) >= 0 && row.ixt !== '', `${run.label}: I(X;Y) is exported`);
      assert.equal(row.angle, '', 'backprop has no update angle');
    }
  }
  assert.equal(rows.length, 6);

  const json = await downloadOf(page, '#export-json');
  const data = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(data.lab, 'brainlab');
  assert.match(data.version, /^\d+\.\d+\.\d+/);
  assert.equal(data.runs.length, 2);
  assert.deepEqual(data.runs.map((r) => r.label), shown.map((r) => r.label));
  assert.deepEqual(data.runs[0].config.hidden, [30]);
  assert.equal(data.runs[0].config.seed, 3);
  assert.deepEqual(data.runs.flatMap((r) => r.metrics.map((m) => String(m.test_acc))), rows.map((r) => r.testAcc));
  assert.equal(data.data.name, 'Fashion-MNIST');

  for (const selector of ['#export-loss', '#export-acc']) {
    const png = await downloadOf(page, selector);
    assert.match(png.name, /\.png$/);
    assert.deepEqual([...png.bytes.subarray(0, 8)], PNG_SIGNATURE, `${selector} is a PNG`);
    assert.ok(png.bytes.length > 2000, `${selector} has a picture in it`);
  }

  const config = await downloadOf(page, '#export-config');
  const saved = JSON.parse(config.bytes.toString('utf8'));
  assert.equal(saved.runs.length, 2);
  assert.equal(saved.version, data.version);

  // A fresh page with other settings imports the file and shows the exported settings again.
  const { page: other, pageErrors: otherErrors } = await openPage(lab.browser, `${lab.site.url}#hidden=60&steps=50`);
  await other.setInputFiles('#import-config', { name: config.name, mimeType: 'application/json', buffer: config.bytes });
  await other.waitForFunction(() => document.querySelector('#hidden').value === '30, 15');
  assert.equal(await other.inputValue('#seed'), '3');
  assert.equal(await other.inputValue('#steps'), '20');
  assert.equal(await other.inputValue('#batch_size'), '50');
  assert.match(await other.locator('#notice').innerText(), /Loaded the settings/);

  // A file with a bad value: that field falls back, the others are kept, a notice says so.
  const bad = { runs: [{ config: { ...saved.runs[0].config, steps: -4, hidden: [12], rogue: 1 } }] };
  await other.setInputFiles('#import-config', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await other.waitForFunction(() => document.querySelector('#hidden').value === '12');
  const notice = await other.locator('#notice').innerText();
  assert.match(notice, /steps/);
  assert.match(notice, /rogue/);
  assert.equal(await other.inputValue('#seed'), '3');
  assert.notEqual(await other.inputValue('#steps'), '-4');

  await other.setInputFiles('#import-config', { name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{not json') });
  await other.locator('#notice').filter({ hasText: 'Could not import junk.json' }).waitFor();
  assert.equal(await other.inputValue('#hidden'), '12', 'a file that is not JSON changes nothing');
  assert.deepEqual([...pageErrors, ...otherErrors], []);
  await page.close();
  await other.close();
});

test('a setting of two seeds: the CSV has both seeds\' lines and the core\'s mean and 95% interval per step', { timeout: 120_000 }, async () => {
  const { page, pageErrors, consoleErrors } = await openPage(lab.browser, `${lab.site.url}#hidden=12&seed=3&seeds=2&steps=20&eval_interval=10&batch_size=50`);
  await page.click('#start');
  await waitForRuns(page, 'done');
  const [shown] = await runRows(page);
  const csv = await downloadOf(page, '#export-csv');
  const [header, ...lines] = csv.bytes.toString('utf8').trim().split('\n');
  // The CLI's seeded columns (brainlab train --seeds 2 --csv): the run's label, then its seed.
  const columns = header.split(',');
  assert.deepEqual(columns.slice(-2), ['run', 'seed']);
  const perLayer = (l) => columns.filter((c) => c.startsWith(`l${l}_`)).length;
  assert.ok(perLayer(1) >= 8 + 4 + 8 + 7, `${perLayer(1)} columns per layer`);
  assert.equal(perLayer(2), perLayer(1));
  assert.equal(columns.length, 5 + 2 * perLayer(1) + 2);
  const rows = lines.map((line) => {
    const cells = line.split(',');
    assert.equal(cells.length, columns.length, line);
    return { step: cells[0], testAcc: cells[4], testLoss: cells[3], w1: cells[columns.indexOf('l1_w')], run: cells.at(-2), seed: cells.at(-1) };
  });
  assert.ok(rows.every((row) => row.run === shown.label), shown.label);
  const of = (seed) => rows.filter((row) => row.seed === seed);
  // One line per seed and evaluation, seeds 3 and 4, then the summary: a mean and a ci95 line per step.
  assert.deepEqual(rows.map((row) => row.seed), ['3', '3', '3', '4', '4', '4', 'mean', 'ci95', 'mean', 'ci95', 'mean', 'ci95']);
  for (const seed of ['3', '4', 'mean', 'ci95']) assert.deepEqual(of(seed).map((row) => row.step), ['0', '10', '20'], seed);
  assert.ok(of('3').every((row) => Number(row.w1) > 0) && of('mean').every((row) => row.w1 === ''), 'layer columns for the networks only');
  assert.notEqual(of('3')[2].testAcc, of('4')[2].testAcc, 'two networks, two seeds');
  // The summary: x̄ = (a + b)/2 and, for two values, t(0.975, 1)·s/√2 = 12.706·|a − b|/2.
  for (let i = 0; i < 3; i += 1) {
    const [a, b] = [of('3')[i], of('4')[i]].map((row) => Number(row.testAcc));
    assert.ok(Math.abs(Number(of('mean')[i].testAcc) - (a + b) / 2) < 1e-12, `step ${of('mean')[i].step}: mean`);
    assert.ok(Math.abs(Number(of('ci95')[i].testAcc) - (12.706 * Math.abs(a - b)) / 2) < 1e-12, `step ${of('ci95')[i].step}: half-width`);
  }
  // The run table shows that mean.
  assert.equal(Number(of('mean')[2].testAcc), Number(shown.testAcc));
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
