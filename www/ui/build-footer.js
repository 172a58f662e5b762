// The footer: which build of the lab this page runs, whether it works offline, and the button
// that reloads into a newer build once one is waiting (app/offline.js).

export class BuildFooter {
  constructor($) {
    this.el = { version: $('build-version'), offline: $('offline-status'), update: $('update-reload') };
    this.update = null;
    this.el.update.addEventListener('click', () => this.update?.());
  }

  /** build: build-info.js's { id, version } or null. */
  showBuild(build) {
    this.el.version.textContent = build ? `brainlab ${build.version}, build ${build.id}` : 'brainlab (unstamped build)';
    this.el.version.dataset.build = build?.id ?? '';
  }

  /** { offline, update, error } from goOffline(). */
  showOffline({ offline, update, error }) {
    this.update = update;
    this.el.offline.textContent = error ? `(${error})` : offline ? '· works offline' : '· saving for offline use…';
    this.el.offline.dataset.offline = offline ? 'ready' : '';
    this.el.update.hidden = !update;
  }
}
