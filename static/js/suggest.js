// Search-as-you-type: a listbox of titles under any input with data-suggest-url.
// Without JavaScript the search form simply submits.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest-url]:not([data-suggest-bound])").forEach(function (input, n) {
    input.setAttribute("data-suggest-bound", "");
    var list = document.createElement("ul");
    list.id = input.id + "-suggestions";
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.parentNode.appendChild(list);
    var timer = null;
    var controller = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function show(suggestions) {
      list.textContent = "";
      suggestions.forEach(function (item) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        var a = document.createElement("a");
        a.href = item.url;
        a.textContent = item.title;
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = suggestions.length === 0;
      input.setAttribute("aria-expanded", String(!list.hidden));
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        if (controller) { controller.abort(); }
        controller = new AbortController();
        fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), { signal: controller.signal })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) { show(data.suggestions || []); })
          .catch(function () { /* a failed suggestion must not disturb typing */ });
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); }
      if (event.key === "ArrowDown" && !list.hidden) { event.preventDefault(); list.querySelector("a").focus(); }
    });
    // Arrow keys move between suggestions; Escape goes back to the box.
    list.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < links.length - 1) { event.preventDefault(); links[at + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
      if (event.key === "Escape") { close(); input.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!list.contains(event.target) && event.target !== input) { close(); }
    });
  });
})();
