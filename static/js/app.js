// Site-wide behaviour; no inline scripts (the Content-Security-Policy forbids them).
// htmx's indicator <style> is switched off by <meta name="htmx-config"> in base.html: setting it here on
// DOMContentLoaded came after htmx had already injected it.

// A table wider than the screen scrolls inside its .table-responsive instead of widening the page; while
// it does, the scroller is a focusable region named after the table's caption, so the keyboard can
// scroll it too (WCAG 2.1.1).
(() => {
  function markScrollers() {
    document.querySelectorAll(".table-responsive").forEach((box) => {
      const scrolls = box.scrollWidth > box.clientWidth;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.dataset.scroller = "";
        box.tabIndex = 0;
        const caption = box.querySelector("caption");
        if (caption) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (!scrolls && "scroller" in box.dataset) {
        delete box.dataset.scroller;
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", markScrollers);
  document.addEventListener("htmx:afterSettle", markScrollers);
  window.addEventListener("resize", markScrollers);
})();

// Text limits: a field with data-limit (taskforce/forms.py) turns the "Hoogstens 2.000 tekens." in its help
// text into a live counter. Screen readers hear the count only near the limit, over it and back under it,
// and once typing pauses there, not on every key. Text over the limit is never cut off: the server refuses it.
(() => {
  const NEAR = 0.9;
  const PAUSE_MS = 1200;

  function setUp(input) {
    if (input.dataset.limitReady) return;
    const help = document.getElementById(input.id + "_helptext");
    const counter = help && help.querySelector(".form-limit");
    if (!counter) return;
    input.dataset.limitReady = "true";
    const limit = Number(input.dataset.limit);
    const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
    const announcer = document.createElement("span");
    announcer.className = "visually-hidden";
    announcer.setAttribute("role", "status");
    help.after(announcer);
    let state = null;
    let announced = "";
    let pause = null;

    function update(typing) {
      const count = Array.from(input.value).length; // code points, as the server counts
      const next = count > limit ? "over" : count >= limit * NEAR ? "near" : "ok";
      const template = next === "over" ? input.dataset.limitOver : input.dataset.limitCount;
      const text = template.replace("{count}", numbers.format(count));
      counter.textContent = text;
      counter.classList.toggle("form-limit-near", next === "near");
      counter.classList.toggle("form-limit-over", next === "over");
      const say = () => {
        if (text !== announced) announcer.textContent = announced = text;
      };
      clearTimeout(pause);
      if (typing && next !== state && (next !== "ok" || state === "over")) say();
      else if (typing && next !== "ok") pause = setTimeout(say, PAUSE_MS);
      state = next;
    }

    input.addEventListener("input", () => update(true));
    update(false);
  }

  function setUpAll(root) {
    root.querySelectorAll("input[data-limit], textarea[data-limit]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", () => setUpAll(document));
  document.addEventListener("htmx:load", (event) => setUpAll(event.detail.elt));
})();

// After saving: the focus moves to what the page says about it (an error summary, a conflict, the message),
// so that a screen reader reads it and the next Tab goes on from there instead of from the top or the footer.
// Full pages do this on load, in-place (htmx) updates once the new part is in place.
(() => {
  function focusFeedback(root) {
    const target = root.querySelector("[data-feedback][role=alert]") || root.querySelector("[data-feedback]");
    if (target) target.focus();
  }

  document.addEventListener("DOMContentLoaded", () => focusFeedback(document));
  document.addEventListener("htmx:afterSettle", (event) => {
    // An outerHTML swap replaces the target itself: look for its successor by id.
    let root = event.detail.target;
    if (!root.isConnected) root = root.id && document.getElementById(root.id);
    if (root) focusFeedback(root);
  });
})();

// Copy buttons (data-copy="<id of a readonly input>"): copy its value and say so (data-copied-text, in the
// page's language) in the status next to it.
(() => {
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-copy]");
    if (!button) return;
    const input = document.getElementById(button.dataset.copy);
    const status = document.querySelector(`[data-copied="${button.dataset.copy}"]`);
    try {
      await navigator.clipboard.writeText(input.value);
      if (status) status.textContent = button.dataset.copiedText;
    } catch {
      input.select();  // no clipboard access: selected, so Ctrl+C copies it
    }
  });
})();
