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
