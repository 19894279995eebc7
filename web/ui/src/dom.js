// Building DOM nodes without innerHTML: every piece of API text goes in as a text node.

/**
 * Create an element. `attrs` keys: "class", "text", "dataset" (object), "on<event>" (listener),
 * anything else is set with setAttribute. Children may be nodes, strings (text nodes), or null.
 *   h("a", {href: "#", "data-testid": "x"}, "链接")  →  <a href="#" data-testid="x">链接</a>
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") element.className = value;
    else if (key === "text") element.textContent = String(value);
    else if (key === "dataset") Object.assign(element.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace all children of `element`. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** The element with this data-testid (the tests and the code address controls the same way). */
export function byTestId(testId, root = document) {
  return root.querySelector(`[data-testid="${testId}"]`);
}

/** A link-looking button that runs `action` (buttons keep keyboard access without fake hrefs). */
export function linkButton(text, action, attrs = {}) {
  return h("button", { type: "button", class: "link", onclick: action, ...attrs }, text);
}
