// The import page's progress bar: asks the status URL every two seconds until the import has finished,
// then reloads once so the report shows. Without JavaScript the page has a Refresh link.
(function () {
  "use strict";

  var box = document.querySelector("[data-import-status]");
  if (!box || box.dataset.finished === "true") {
    return;
  }
  var bar = box.querySelector("progress");

  function show(status) {
    bar.value = status.percent;
    bar.textContent = status.percent + "%";
    ["status_label", "imported", "refused", "total"].forEach(function (name) {
      var field = box.querySelector('[data-import-field="' + name + '"]');
      if (field) {
        field.textContent = String(status[name]);
      }
    });
  }

  function poll() {
    fetch(box.dataset.importStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 10000);
      });
  }

  window.setTimeout(poll, 1000);
})();
