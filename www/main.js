// The brainlab page: wires the parts together and does nothing else. The session
// (app/session.js) holds the state; the form, gallery, panels, table, views and link render it
// and send their changes to it; the sweep (runs/sweep.js) runs one worker per run and reports
// into it. Cheap parts render at every change, the table and the views once per frame.

import { Announcer } from './app/announce.js';
import { readAddress, writeAddress } from './app/address.js';
import { controls, begun } from './app/controls.js';
import { loadCore } from './app/core.js';
import { downloadBuiltIn, downloadFull, fetchFullWhenNeeded, trainCountWhileFullLoads, useBuiltIn, useOwnFiles } from './app/data.js';
import { downloadConfig, downloadCsv, downloadJson, downloadPng, importConfig } from './app/files.js';
import { fastSupported, refuseUnsupportedFast } from './app/fast-mode.js';
import { goOffline, readBuild } from './app/offline.js';
import { Session } from './app/session.js';
import { Training } from './app/training.js';
import { runColor } from './charts/theme.js';
import { trainingWorker } from './runs/run.js';
import { Sweep } from './runs/sweep.js';
import { readCatalog } from './state/catalog.js';
import { BuildFooter } from './ui/build-footer.js';
import { ConfigForm } from './ui/config-form.js';
import { DataPanel } from './ui/data-panel.js';
import { Explanation } from './ui/explanation.js';
import { FastToggle } from './ui/fast-toggle.js';
import { Gallery } from './ui/gallery.js';
import { closeMenusWhenDone } from './ui/menus.js';
import { Messages } from './ui/messages.js';
import { Notice } from './ui/notice.js';
import { PanelMenu } from './ui/panel-menu.js';
import { RunTable } from './ui/run-table.js';
import { Share } from './ui/share.js';
import { Toolbar } from './ui/toolbar.js';
import { ViewHost } from './views/host.js';
import { VIEWS } from './views/registry.js';
import { isDebug } from './worker/protocol.js';

const $ = (id) => document.getElementById(id);
const debug = isDebug(location.href);
const linked = location.hash; // what the visitor opened, before the page writes its own
closeMenusWhenDone();

const pngOf = (key) => downloadPng(session.state, key, () => views.png(key), $('share-status'));
const views = new ViewHost($('views'), VIEWS, {
  request: (run, ask, args) => sweep.request(run, ask, args),
  classNames: () => (session.state.data.inUse === session.state.data.builtIn ? session.state.data.builtIn?.classNames ?? null : null),
  onPng: pngOf,
  core: () => session.state.catalog?.core ?? null,
});
const menu = new PanelMenu(document, $('panel-toggles'), (name, shown) => session.setPanel(name, shown));
const session = new Session(menu.names);
const sweep = new Sweep({
  colorOf: runColor,
  createWorker: () => trainingWorker(debug),
  summarise: (histories) => session.state.catalog?.core.summarise(histories) ?? [],
  onChange: () => session.runsChanged(sweep.snapshots(), sweep.active),
});
const training = new Training(session, sweep);
// The tests' handle (app/debug.js), only on ?debug=1: a build without it (make dist) says so.
if (debug) await import('./app/debug.js').then((m) => m.exposeForTests({ sweep, views, keys: VIEWS.map((view) => view.key) }), () => console.warn('?debug=1: this build has no debug handle'));

const table = new RunTable($('runs'), $('total-speed'));
const toolbar = new Toolbar($, training);
const share = new Share($, {
  csv: () => downloadCsv(session.state),
  json: () => downloadJson(session.state, share.base),
  loss: () => pngOf('loss'),
  accuracy: () => pngOf('accuracy'),
  config: () => downloadConfig(session.state),
  import: (file) => importConfig(session, file),
});
const build = await readBuild(); // this build: its version, and the cache of the full training set
const footer = new BuildFooter($);
footer.showBuild(build);
const dataPanel = new DataPanel($, {
  files: (files) => useOwnFiles(session, files),
  builtIn: () => useBuiltIn(session),
  full: () => downloadFull(session, build?.dataCache),
});
const canFast = fastSupported();
const fastToggle = new FastToggle($, canFast, (on) => session.setFast(on));
const explanation = new Explanation({ title: $('explanation-title'), changes: $('explanation-changes'), text: $('explanation-text') });
const messages = new Messages({ alert: $('error'), settings: $('config-error') });
const notice = new Notice($('notice'), () => session.clearNotice());
const announcer = new Announcer($('announce'));
let form = null;
let gallery = null;
$('leave-classroom').addEventListener('click', () => session.setClassroom(false));

/** Everything cheap, at every change of the session. */
function render(state) {
  const can = controls(state);
  menu.render(state);
  views.arrange(state);
  form?.render(state, can.settings);
  gallery?.render(state, can.gallery);
  toolbar.render(can);
  share.render(can);
  fastToggle.render(state, can.settings);
  share.link = writeAddress(session) ?? share.base;
  explanation.render(state);
  dataPanel.render(state, can.data);
  messages.render(state);
  notice.render(state.notice);
  document.body.classList.toggle('classroom', state.classroom);
  $('classroom-bar').hidden = !state.classroom;
  announcer.update(state);
  frame ||= requestAnimationFrame(drawFrame);
}

// The table and the views, at most once per animation frame.
let frame = 0;
let firstPoint = false;
function drawFrame() {
  frame = 0;
  const state = session.state;
  table.render(state.runs, trainCountWhileFullLoads(state));
  views.render(state);
  if (!firstPoint && state.runs.some((run) => run.history.length > 0)) {
    firstPoint = true;
    performance.mark('first-point'); // for the load-time test
  }
}

async function setUp() {
  try {
    const catalog = readCatalog(await loadCore());
    performance.mark('core-ready');
    form = new ConfigForm($('config'), catalog, {
      edit: (name, values) => session.edit(name, values),
      preset: (id) => session.loadPreset(id),
      custom: () => session.custom(),
    });
    gallery = new Gallery($('gallery-list'), catalog.presets, (id) => begun(session.state.runs) || session.loadPreset(id));
    session.begin(catalog);
    readAddress(session, linked);
    refuseUnsupportedFast(session, canFast);
  } catch (err) {
    session.coreFailed(err.message);
  }
}

session.subscribe(() => fetchFullWhenNeeded(session, build?.dataCache));
window.addEventListener('hashchange', () => session.state.catalog && readAddress(session, location.hash));
session.subscribe(render);
render(session.state);
if (build) goOffline((status) => footer.showOffline(status));
await Promise.all([setUp(), downloadBuiltIn(session)]);
training.apply(); // build the workers straight away: a corrupt file shows up now, not on Start
