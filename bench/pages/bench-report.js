// The end every bench page shares (the bench shell's side of a page): ?short=1, the status
// line, a pause for it to paint, the results table, and report(), which runs the page's
// benchmark, shows its rows, says in the status line how it went and puts the result on
// window.benchResult (read by bench/chromium.mjs), or the error, said as an alert.

export const SHORT = new URLSearchParams(location.search).has('short');
export const status = document.getElementById('status');

/** Lets the status line paint before the next timed part. */
export const pause = () => new Promise((resolve) => setTimeout(resolve));

/** The results table: one row per array of texts (the first a heading cell), under `head` if given. */
export function showTable(rows, head = null) {
  const cell = (tag, text) => Object.assign(document.createElement(tag), { textContent: text });
  const row = (cells, first) => {
    const tr = document.createElement('tr');
    tr.append(...cells.map((text, i) => cell(i === 0 || first === 'th' ? 'th' : 'td', text)));
    return tr;
  };
  document.getElementById('results').replaceChildren(...(head ? [row(head, 'th')] : []), ...rows.map((cells) => row(cells)));
}

/**
 * Runs `benchmark` (async () => result); then `rows(result)` fills the table (when given) and
 * `done(result)` is the status line. A failure is the status line, as an alert, and the result.
 */
export async function report(benchmark, { done, rows = null, head = null }) {
  try {
    const result = await benchmark();
    if (rows) showTable(rows(result), head);
    status.textContent = done(result);
    window.benchResult = result;
  } catch (err) {
    status.textContent = `Benchmark failed: ${err.message}`;
    status.setAttribute('role', 'alert');
    window.benchResult = { error: err.message };
  }
}
