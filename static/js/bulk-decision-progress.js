// The review queue's bulk-decision page: asks the status URL every two seconds and shows the counts,
// then reloads once when the worker has finished, so the items it could not apply are listed.
// Without JavaScript the page has a Refresh link.
(function () {
  "use strict";

  var box = document.querySelector("[data-bulk-status]");
  if (!box || box.dataset.finished === "true") {
    return;
  }
  var bar = box.querySelector("progress");

  function show(status) {
    bar.value = status.percent;
    bar.textContent = status.percent + "%";
    Object.keys(status).forEach(function (name) {
      var field = box.querySelector('[data-bulk-field="' + name + '"]');
      if (field) {
        field.textContent = String(status[name]);
      }
    });
  }

  function poll() {
    fetch(box.dataset.bulkStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
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
