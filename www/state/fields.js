// Config fields as text, for the form and the link. Nothing here lists the fields: their names
// and kinds come from the core's defaultConfig(), so a field the core adds is handled as soon
// as it lands. A field's kind is the JSON type of its default value.
//
//   boolean  true | false
//   number   a decimal number, e.g. 0.000005 or 5e-6
//   list     numbers joined by "x": 60x30 (the hidden layers)
//   string   the text itself (enumerations such as sigmoid)
//   json     anything else, as JSON

export const MAX_VALUE_LENGTH = 200; // characters of one value in the form or the link

/** { name: kind } for every field of a default config, in the core's order. */
export function fieldKinds(defaults) {
  const kinds = {};
  for (const [name, value] of Object.entries(defaults)) kinds[name] = kindOf(value);
  return kinds;
}

function kindOf(value) {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return 'list';
  return 'json';
}

/** One value as text. Numbers use JavaScript's shortest exact form, so they read back bit for bit. */
export function formatValue(kind, value) {
  switch (kind) {
    case 'boolean':
    case 'number':
    case 'string':
      return String(value);
    case 'list':
      return Array.isArray(value) ? value.join('x') : JSON.stringify(value);
    default:
      return JSON.stringify(value);
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** One value from text; throws an Error naming the field when the text is not of the field's kind. */
export function parseValue(name, kind, text) {
  const t = text.trim();
  const fail = (what) => {
    throw new Error(`${name}: "${shorten(t)}" is not ${what}`);
  };
  if (t === '') throw new Error(`${name}: no value given`);
  if (t.length > MAX_VALUE_LENGTH) throw new Error(`${name}: the value is too long (${t.length} characters)`);
  switch (kind) {
    case 'boolean':
      if (t === 'true' || t === '1') return true;
      if (t === 'false' || t === '0') return false;
      return fail('true or false');
    case 'number':
      return NUMBER.test(t) ? Number(t) : fail('a number');
    case 'list':
      return t.split(/\s*[x×]\s*/i).map((part) => (NUMBER.test(part) ? Number(part) : fail('a size or a list like 256x128')));
    case 'string':
      return t;
    default:
      try {
        return JSON.parse(t);
      } catch {
        return fail('valid JSON');
      }
  }
}

/** A value cut short for a message. */
export function shorten(text, max = 40) {
  const s = String(text);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Values are equal when their JSON is (configs are plain JSON data). */
export function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** "feedback_std" -> "Feedback std", for fields the page has no hand-made control for. */
export function humanName(name) {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
