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
