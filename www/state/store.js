// A store: one state object that only update() replaces (never mutated in place), and the
// listeners it tells, synchronously, after every change. The session (app/session.js) is one;
// the form, the link, the table and the views read it and send their changes to its actions.

export class Store {
  constructor(state) {
    this.state = Object.freeze({ ...state });
    this.listeners = new Set();
    this.notifying = false;
    this.dirty = false;
  }

  get() {
    return this.state;
  }

  /** Merges `patch` (an object, or a function of the state returning one) into the state. */
  update(patch) {
    const changes = typeof patch === 'function' ? patch(this.state) : patch;
    if (!changes || Object.keys(changes).every((key) => Object.is(changes[key], this.state[key]))) return;
    this.state = Object.freeze({ ...this.state, ...changes });
    this.notify();
  }

  /** Calls `listener(state)` after every change; returns the function that stops it. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // A listener that updates the store does not re-enter the others: they hear of the newest
  // state once the current round is over.
  notify() {
    if (this.notifying) {
      this.dirty = true;
      return;
    }
    this.notifying = true;
    try {
      do {
        this.dirty = false;
        for (const listener of [...this.listeners]) listener(this.state);
      } while (this.dirty);
    } finally {
      this.notifying = false;
    }
  }
}
