// Site-wide behaviour; no inline scripts (the Content-Security-Policy forbids them).
// htmx's indicator <style> is switched off by <meta name="htmx-config"> in base.html: setting it here on
// DOMContentLoaded came after htmx had already injected it.
