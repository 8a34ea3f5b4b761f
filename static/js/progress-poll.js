// A progress page for work the worker does (an import, a bulk decision in the review queue): asks the
// status URL in data-progress-status every two seconds, shows each value in its data-progress-field,
// then reloads once when the work has finished so the report shows. Without JavaScript the page has a
// Refresh link.
(function () {
  "use strict";

  var box = document.querySelector("[data-progress-status]");
  if (!box || box.dataset.finished === "true") {
    return;
  }
  var bar = box.querySelector("progress");

  function show(status) {
    bar.value = status.percent;
    bar.textContent = status.percent + "%";
    Object.keys(status).forEach(function (name) {
      var field = box.querySelector('[data-progress-field="' + name + '"]');
      if (field) {
        field.textContent = String(status[name]);
      }
    });
  }

  function poll() {
    fetch(box.dataset.progressStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
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
