// searchkit's pages work without this script. With it: "/" jumps to the search box, results follow the
// query as it is typed, and the sort and date controls apply as soon as they change.
"use strict";
(() => {
  const form = document.querySelector("form.search");
  if (!form) return;
  const box = form.querySelector("input[name=q]");

  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, select, textarea, [contenteditable]");
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  // Empty fields and the default order stay out of the address, so shared links stay short.
  form.addEventListener("formdata", (event) => {
    for (const [name, value] of [...event.formData.entries()]) {
      if (value === "" || (name === "sort" && value === "relevance")) event.formData.delete(name);
    }
  });
  form.querySelectorAll("select, input[type=date]").forEach((control) =>
    control.addEventListener("change", () => form.requestSubmit()));

  let timer = null;
  let pending = null;
  const sort = form.querySelector("select[name=sort]");
  box.addEventListener("input", () => {
    const browsing = !box.value.trim() || box.value.trim() === "*";  // without a query: newest first
    if (sort.disabled && !browsing && !sort.dataset.chosen) sort.value = "relevance";
    sort.disabled = browsing;
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });

  async function refresh() {
    const results = document.getElementById("results");
    if (!results) return;
    const params = new URLSearchParams(new FormData(form));
    const address = form.action + (params.toString() ? "?" + params : "");
    if (pending) pending.abort();
    pending = new AbortController();
    let page;
    try {
      const response = await fetch(address, { signal: pending.signal });
      if (!response.ok && response.status !== 400) return;
      page = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch (error) {
      if (error.name === "AbortError") return;
      throw error;
    }
    const fresh = page.getElementById("results");
    if (!fresh) return;
    results.replaceWith(fresh);
    document.title = page.title;
    history.replaceState(null, "", address);
  }
})();
