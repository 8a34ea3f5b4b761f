// Type-ahead for naming a co-author: as the sharer types a name, members whose name contains it are
// offered in the input's native <datalist> (the browser draws and announces the list). Without this
// script the server still finds members by the name typed. See docs/submissions.md.
(function () {
  "use strict";
  var form = document.querySelector("form.co-author-invite[data-suggest-url]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[list='co-author-names']");
  var list = document.getElementById("co-author-names");
  if (!input || !list) return;

  var timer = null;
  var asked = "";

  function fill(names) {
    list.textContent = "";
    names.forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
  }

  function ask() {
    var typed = input.value.trim();
    if (typed.length < 2 || typed.indexOf("@") !== -1) {
      fill([]);
      asked = "";
      return;
    }
    if (typed === asked) return;
    asked = typed;
    var url = form.dataset.suggestUrl + "?q=" + encodeURIComponent(typed);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : { members: [] };
      })
      .then(function (data) {
        if (input.value.trim() !== typed) return; // typed on meanwhile: a newer answer follows
        fill(
          (data.members || []).map(function (member) {
            return member.name;
          })
        );
      })
      .catch(function () {
        fill([]);
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 150);
  });
})();
