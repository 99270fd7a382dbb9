// Site-wide behaviour; no inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("DOMContentLoaded", () => {
  if (window.htmx) {
    // htmx's own indicator <style> would break the CSP style-src 'self'.
    window.htmx.config.includeIndicatorStyles = false;
  }
});
