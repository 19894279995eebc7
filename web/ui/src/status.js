// Loading indicators and error messages: nothing the API says goes unseen.
import { byTestId, h, replace } from "./dom.js";

let pending = 0;

function setBusy(delta) {
  pending += delta;
  const indicator = byTestId("loading");
  indicator.hidden = pending === 0;
  document.body.classList.toggle("busy", pending > 0);
}

/** Show `message` in the page's error banner (and in `target`, a panel's own error slot, when given). */
export function showError(error, target = null) {
  const message = error && error.message ? error.message : String(error);
  const banner = byTestId("error-banner");
  replace(byTestId("error-message"), message);
  banner.hidden = false;
  if (target) replace(target, h("p", { class: "error", role: "alert", "data-testid": "panel-error" }, message));
  console.error(error);
}

export function clearError() {
  byTestId("error-banner").hidden = true;
}

/**
 * Run `task` (an async function) with the global indicator on, plus a local "加载中…" line in `target`.
 * Errors are shown and swallowed here, the one place the UI turns them into text; returns undefined then.
 */
export async function withLoading(task, target = null, text = "加载中…") {
  setBusy(1);
  if (target) replace(target, h("p", { class: "loading-line", "data-testid": "panel-loading" }, text));
  try {
    const result = await task();
    clearError();
    return result;
  } catch (error) {
    showError(error, target);
    return undefined;
  } finally {
    setBusy(-1);
  }
}
