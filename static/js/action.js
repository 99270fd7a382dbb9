// The quick status form asks for a result and an evidence link only when the action is marked done.
// Without JavaScript both fields simply stay visible.
(function () {
  function sync(form) {
    const status = form.querySelector("select[name=status]");
    if (!status) return;
    const done = status.value === "done";
    for (const name of ["result", "evidence_url"]) {
      const wrapper = form.querySelector("#div_id_" + name);
      const input = form.querySelector("[name=" + name + "]");
      // Keep a field with an error or typed text in view.
      const keep = input && (input.value !== "" || input.classList.contains("is-invalid"));
      if (wrapper) wrapper.classList.toggle("d-none", !done && !keep);
    }
  }
  function syncAll() {
    document.querySelectorAll("form[data-status-form]").forEach(sync);
  }
  document.addEventListener("DOMContentLoaded", syncAll);
  document.addEventListener("htmx:afterSettle", syncAll);
  document.addEventListener("change", (event) => {
    const form = event.target.closest("form[data-status-form]");
    if (form && event.target.name === "status") sync(form);
  });
})();
