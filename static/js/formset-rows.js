// "Add another" rows of a form set without a round trip, and "Remove" that hides a row at once.
// Without JavaScript the same buttons submit the form: the server saves the draft and adds or removes the row.
for (const set of document.querySelectorAll("[data-formset]")) {
  const prefix = set.dataset.formset;
  const total = set.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const rows = set.querySelector("[data-formset-rows]");
  const template = set.querySelector("template[data-formset-template]");
  const add = set.querySelector("[data-formset-add]");
  if (!total || !rows || !template || !add) continue;

  const renumber = () => {
    let n = 0;
    for (const legend of rows.querySelectorAll("[data-formset-row]:not([hidden]) > legend")) {
      n += 1;
      legend.textContent = legend.textContent.replace(/\s*\d*$/, ` ${n}`);
    }
  };
  const enhance = (row) => {
    const remove = row.querySelector('input[name$="-DELETE"]');
    if (!remove) return;
    const label = remove.closest("label");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button--secondary formset-row__remove-button";
    button.textContent = label ? label.textContent.replace(" when I save", "").trim() : "Remove";
    button.addEventListener("click", () => {
      remove.checked = true;
      row.hidden = true;
      renumber();
      add.focus();
    });
    if (label) label.hidden = true;
    row.append(button);
  };

  rows.querySelectorAll("[data-formset-row]").forEach(enhance);
  add.addEventListener("click", (event) => {
    event.preventDefault();
    const index = Number(total.value);
    const html = template.innerHTML.replaceAll("__prefix__", String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const row = rows.lastElementChild;
    enhance(row);
    renumber();
    row.querySelector("input, select, textarea")?.focus();
  });
}
