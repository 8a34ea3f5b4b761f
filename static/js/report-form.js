// Members' report forms (templates/moderation/includes/report_disclosure.html) send in place: the reader
// stays where they were and reads the answer under the form. Without this script the form posts and the
// member comes back to the same place with the answer as a message.
(function () {
  "use strict";
  if (window.portalReportForms) return; // the include brings the script once per form
  window.portalReportForms = true;

  function send(form) {
    var status = form.querySelector("[data-report-status]");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        var errors = result.data.errors || {};
        var firstError = Object.keys(errors).map(function (name) {
          return errors[name][0];
        })[0];
        status.textContent = result.ok ? result.data.message : result.data.message || firstError || "The report was not sent.";
        if (result.ok) {
          form.querySelectorAll("fieldset, textarea, button, label").forEach(function (element) {
            element.hidden = true;
          });
        } else {
          button.disabled = false;
        }
      })
      .catch(function () {
        button.disabled = false;
        status.textContent = "The report could not be sent: check your connection and try again.";
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-report-form]");
    if (!form || !window.fetch) return;
    event.preventDefault();
    send(form);
  });
})();
