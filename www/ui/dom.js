// The one DOM helper the drawing code shares: an element with a class and text.

/** A new `tag` element with `className` (if any) and text (if any). */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}
