import type { Action } from 'svelte/action';

const FIELDS =
  'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

/**
 * An edit form opened in place by a button (WCAG 2.4.3, focus order): when it opens the focus
 * moves to its first field, Escape closes it (calling `close`, as its cancel button does), and
 * when it closes the focus goes back to what opened it, so a keyboard user is never left at the
 * top of the page. Without `close` it does none of this (a form that is a page of its own).
 */
export const inlineForm: Action<HTMLElement, (() => void) | undefined> = (form, close) => {
  // No way to close it: the form is a page of its own, not opened in place.
  if (!close) return {};
  const active = document.activeElement;
  const opener = active instanceof HTMLElement && active !== document.body && !form.contains(active) ? active : null;
  let onclose: (() => void) | undefined = close;
  const first = form.querySelector<HTMLElement>(FIELDS);
  if (first) first.focus();
  else {
    form.tabIndex = -1;
    form.focus();
  }

  function onkeydown(e: KeyboardEvent) {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    // An open list of search results closes first; the search box handles that Escape itself.
    if (e.target instanceof HTMLElement && e.target.getAttribute('aria-expanded') === 'true') return;
    e.preventDefault();
    onclose?.();
  }
  form.addEventListener('keydown', onkeydown);

  return {
    update(next) {
      onclose = next;
    },
    destroy() {
      form.removeEventListener('keydown', onkeydown);
      // Only when the focus was in the form (or went with it): a click elsewhere keeps its own focus.
      const now = document.activeElement;
      if (opener?.isConnected && (!now || now === document.body || form.contains(now))) opener.focus();
    },
  };
};
