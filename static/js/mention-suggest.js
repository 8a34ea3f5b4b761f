// "@" suggestions in comment boxes: typing "@" and a few letters offers members by name; choosing one
// writes their handle. Plain "@handle" works without this script. An ARIA 1.2 listbox popup on the
// textarea: arrows move, Enter or Tab chooses, Escape closes. See docs/discussions.md.
(function () {
  "use strict";
  var section = document.querySelector("section.thread[data-mention-url]");
  if (!section || !section.dataset.mentionUrl || !window.fetch) return;

  var url = section.dataset.mentionUrl;
  var list = document.createElement("ul");
  list.id = "mention-suggestions";
  list.className = "mention-suggest__list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Members to mention");
  list.hidden = true;
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  section.appendChild(status);

  var box = null; // the textarea the list serves
  var members = [];
  var active = -1;
  var start = -1; // where the "@" is in the textarea's value
  var pending = null;
  var lastQuery = null;

  function queryAt(textarea) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = /(^|[^\w@\/.\-])@([\w\-]{1,30})$/.exec(before);
    if (!match) return null;
    return { start: before.length - match[2].length - 1, text: match[2] };
  }

  function close() {
    list.hidden = true;
    members = [];
    active = -1;
    lastQuery = null;
    if (box) {
      box.removeAttribute("aria-activedescendant");
      box.removeAttribute("aria-controls");
    }
  }

  function highlight(index) {
    active = index;
    Array.prototype.forEach.call(list.children, function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (box && index >= 0) box.setAttribute("aria-activedescendant", "mention-option-" + index);
  }

  function show(textarea, found) {
    members = found;
    list.textContent = "";
    if (!found.length) {
      close();
      status.textContent = "No members found.";
      return;
    }
    found.forEach(function (member, i) {
      var option = document.createElement("li");
      option.id = "mention-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.appendChild(document.createTextNode(member.name + " "));
      var handle = document.createElement("span");
      handle.className = "mention-suggest__handle";
      handle.textContent = "@" + member.handle;
      option.appendChild(handle);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the focus in the textarea
        choose(i);
      });
      list.appendChild(option);
    });
    var holder = textarea.parentNode;
    holder.classList.add("mention-suggest");
    textarea.insertAdjacentElement("afterend", list);
    list.hidden = false;
    textarea.setAttribute("aria-controls", list.id);
    highlight(0);
    status.textContent = found.length + (found.length === 1 ? " member" : " members") +
      " found: use the up and down arrows, then Enter to choose.";
  }

  function choose(index) {
    var member = members[index];
    if (!member || !box || start < 0) return;
    var end = box.selectionStart;
    var insert = "@" + member.handle + " ";
    box.value = box.value.slice(0, start) + insert + box.value.slice(end);
    var caret = start + insert.length;
    box.setSelectionRange(caret, caret);
    status.textContent = member.name + " mentioned.";
    close();
    box.focus();
  }

  function lookUp(textarea) {
    var query = queryAt(textarea);
    if (!query) { close(); return; }
    box = textarea;
    start = query.start;
    if (query.text === lastQuery) return;
    lastQuery = query.text;
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url + "?q=" + encodeURIComponent(query.text), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: pending.signal,
    })
      .then(function (response) { return response.ok ? response.json() : { members: [] }; })
      .then(function (data) { if (box === textarea) show(textarea, data.members || []); })
      .catch(function () { /* offline or aborted: plain @handle still works */ });
  }

  section.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") {
      event.target.setAttribute("aria-autocomplete", "list");
      lookUp(event.target);
    }
  });

  section.addEventListener("keydown", function (event) {
    if (event.target !== box || list.hidden || !members.length) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % members.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight((active - 1 + members.length) % members.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      if (active >= 0) {
        event.preventDefault();
        choose(active);
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  section.addEventListener("focusout", function (event) {
    if (event.target === box) setTimeout(close, 150);
  });
})();
