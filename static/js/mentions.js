// The @mention picker: on a textarea with data-mention-url, typing "@" and the start of a name lists
// the people who may read the item (the server decides who); arrow keys and Enter (or a click) put
// "@username " in. The textarea stays a plain textbox: aria-activedescendant points at the option in
// focus and a live region says how many were found, so screen readers follow along.
(function () {
  "use strict";
  const TOKEN = /(^|[^\w@])@([\w.+-]*)$/;

  function setUp(box) {
    // The server's fragment is the listbox itself; this holds it below the textarea.
    const list = document.createElement("div");
    list.id = box.id + "-mentions";
    list.className = "mention-list";
    list.hidden = true;
    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    const help = document.createElement("div");
    help.id = box.id + "-mention-help";
    help.className = "form-text";
    help.textContent = box.dataset.mentionHelp || "";
    box.after(help, list, status);
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", list.id);
    box.setAttribute("aria-describedby", [box.getAttribute("aria-describedby"), help.id].filter(Boolean).join(" "));
    let active = -1;
    let asked = 0;

    function options() {
      return Array.from(list.querySelectorAll('[role="option"][data-username]'));
    }
    function close() {
      list.hidden = true;
      list.replaceChildren();
      active = -1;
      box.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      const all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach((option, i) => {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
        option.classList.toggle("active", i === active);
      });
      box.setAttribute("aria-activedescendant", all[active].id);
    }
    function choose(option) {
      const before = box.value.slice(0, box.selectionStart);
      const after = box.value.slice(box.selectionStart);
      const match = before.match(TOKEN);
      if (!match) return close();
      const start = before.length - match[2].length;
      const text = before.slice(0, start) + option.dataset.username + " ";
      box.value = text + after;
      box.setSelectionRange(text.length, text.length);
      box.focus();
      close();
    }
    async function lookUp() {
      const match = box.value.slice(0, box.selectionStart).match(TOKEN);
      if (!match) return close();
      const ask = ++asked;
      const url = new URL(box.dataset.mentionUrl, window.location.href);
      url.searchParams.set("q", match[2]);
      if (box.dataset.mentionScope) url.searchParams.set("scope", box.dataset.mentionScope);
      const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (ask !== asked || !response.ok) return;
      const template = document.createElement("template");
      template.innerHTML = await response.text();
      list.replaceChildren(template.content);
      list.hidden = false;
      active = -1;
      const count = options().length;
      status.textContent = (box.dataset.mentionStatus || "%(count)s").replace("%(count)s", String(count));
    }

    box.addEventListener("input", lookUp);
    box.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(options()[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    box.addEventListener("blur", () => window.setTimeout(close, 150));
    list.addEventListener("mousedown", (event) => {
      const option = event.target.closest('[role="option"][data-username]');
      if (option) {
        event.preventDefault();
        choose(option);
      }
    });
  }

  function scan(root) {
    root.querySelectorAll("textarea[data-mention-url]:not([data-mention-ready])").forEach((box) => {
      box.dataset.mentionReady = "1";
      setUp(box);
    });
  }
  document.addEventListener("DOMContentLoaded", () => scan(document));
  // Panels that htmx swaps in bring their own textareas.
  document.addEventListener("htmx:afterSettle", (event) => scan(event.target));
})();
