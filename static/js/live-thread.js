// Live thread: new comments slot into place without moving or clearing a reply being written,
// a count of readers, a typing hint, and reconnection with catch-up. See docs/live-protocol.md.
(function () {
  "use strict";
  var section = document.querySelector("section.thread[data-live-path]");
  if (!section || !("WebSocket" in window)) return;

  var root = section.querySelector("[data-comment-root]");
  var presence = section.querySelector("[data-presence]");
  var typing = section.querySelector("[data-typing]");
  var counter = section.querySelector("[data-comment-count]");
  var plural = section.querySelector("[data-comment-plural]");
  var template = section.querySelector("template[data-reply-template]");
  var controls = section.querySelector("template[data-controls-template]");
  var maxLevel = parseInt(section.dataset.maxLevel, 10);
  var lastId = parseInt(section.dataset.lastId, 10) || 0;
  var lastLate = parseInt(section.dataset.lastLate, 10) || 0;
  var delay = 1000;
  var socket = null;
  var typingTimer = null;
  var lastTypingSent = 0;
  var readerId = section.dataset.readerId || "";
  var nodeUrl = section.dataset.nodeUrl || "";
  var currentPage = parseInt(section.dataset.page, 10) || 1;
  var elsewhere = section.querySelector("[data-elsewhere]");
  var muted = (section.dataset.muted || "").split(",").filter(Boolean);

  function addReplyBox(node, id, level) {
    if (!template || level >= maxLevel) return;
    var html = template.innerHTML.split("__reply_to__").join(String(id));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var box = holder.firstElementChild;
    node.insertBefore(box, node.querySelector(":scope > .comment-children"));
  }

  function addToCount(delta) {
    if (!counter) return;
    var count = Math.max(0, (parseInt(counter.textContent, 10) || 0) + delta);
    counter.textContent = String(count);
    if (plural) plural.textContent = count === 1 ? "" : "s";
  }

  // The same reply, report and reaction controls a server-rendered comment has, from this reader's own
  // page; only the numeric id goes into the markup, the author's name as text.
  function addControls(node, id) {
    var article = node.querySelector(":scope > article");
    if (!controls || !article || article.hasAttribute("data-deleted")) return;
    if (readerId && node.dataset.authorId === readerId) return; // nobody reacts to their own comment
    var holder = document.createElement("div");
    holder.innerHTML = controls.innerHTML.split("__comment_id__").join(String(id));
    var by = article.querySelector(".comment__meta strong");
    holder.querySelectorAll("[data-author-name]").forEach(function (span) {
      span.textContent = by ? by.textContent : "";
    });
    while (holder.firstChild) article.appendChild(holder.firstChild);
  }

  function insertComment(event) {
    var id = parseInt(event.id, 10);
    if (!(id > 0)) return;
    if (event.late) lastLate = Math.max(lastLate, parseInt(event.late, 10) || 0);
    var holder = document.createElement("ol");
    holder.innerHTML = event.html;
    var node = holder.querySelector("li.comment-node");
    if (!node) return;
    var existing = document.getElementById("c" + id);
    if (existing) {
      if (event.late) replaceComment(existing, node); // edited or deleted by its author
      lastId = Math.max(lastId, id);
      return;
    }
    if (typing) typing.textContent = ""; // whoever was typing has probably just posted
    var page = parseInt(event.page, 10);
    if (page > 0 && page !== currentPage) {
      tellElsewhere(page, id, Boolean(event.parent_id));
      lastId = Math.max(lastId, id);
      addToCount(1);
      return;
    }
    if (muted.indexOf(String(event.author_id)) !== -1) foldAway(node);
    addControls(node, id);
    addReplyBox(node, id, event.level);
    var parent = event.parent_id && document.getElementById("c" + event.parent_id);
    var list = parent ? parent.querySelector(":scope > .comment-children") : root;
    list.appendChild(node); // the end of the parent's subtree, never inside a reply box
    node.classList.add("comment-node--new");
    lastId = Math.max(lastId, id);
    addToCount(1);
    fetchOwnView(node, id);
  }

  // The comment as the server renders it for this reader (Quote, Edit and Delete as they may, their
  // reactions and report form): the same template as the page's own comments. Until it arrives, or if it
  // cannot, the comment keeps the controls filled in from the page's template above.
  function fetchOwnView(node, id) {
    if (!nodeUrl || !window.fetch) return;
    var next = window.location.pathname + window.location.search;
    var url = nodeUrl.split("__comment_id__").join(String(id)) + "?next=" + encodeURIComponent(next);
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html || !node.isConnected) return;
        var holder = document.createElement("ol");
        holder.innerHTML = html;
        var fresh = holder.querySelector("li.comment-node");
        if (!fresh) return;
        var oldArticle = node.querySelector(":scope > article");
        var newArticle = fresh.querySelector(":scope > article");
        if (oldArticle && newArticle && !oldArticle.contains(document.activeElement)) {
          node.replaceChild(newArticle, oldArticle);
        }
        var oldBox = node.querySelector(":scope > .comment__reply-box");
        var newBox = fresh.querySelector(":scope > .comment__reply-box");
        if (oldBox && newBox && !oldBox.open && !oldBox.contains(document.activeElement)) {
          node.replaceChild(newBox, oldBox);
        } else if (!oldBox && newBox) {
          node.insertBefore(newBox, node.querySelector(":scope > .comment-children"));
        }
        section.dispatchEvent(new CustomEvent("thread:comment-ready", { detail: { id: id } }));
      })
      .catch(function () { /* the page's own controls stay */ });
  }

  // A long thread shows one page of conversations: a comment that belongs on another page is announced
  // with a link to it ("2 new replies on page 3"), one line per page, built from text nodes only.
  function tellElsewhere(page, id, isReply) {
    if (!elsewhere) return;
    var line = elsewhere.querySelector('[data-page-note="' + page + '"]');
    if (!line) {
      line = document.createElement("p");
      line.setAttribute("data-page-note", String(page));
      line.dataset.comments = "0";
      line.dataset.replies = "0";
      line.appendChild(document.createElement("a"));
      elsewhere.appendChild(line);
    }
    line.dataset[isReply ? "replies" : "comments"] = String(parseInt(line.dataset[isReply ? "replies" : "comments"], 10) + 1);
    var comments = parseInt(line.dataset.comments, 10);
    var replies = parseInt(line.dataset.replies, 10);
    var parts = [];
    if (comments) parts.push(comments + (comments === 1 ? " new comment" : " new comments"));
    if (replies) parts.push(replies + (replies === 1 ? " new reply" : " new replies"));
    var link = line.firstChild;
    link.href = "?c=" + id + "#c" + id;
    link.textContent = parts.join(" and ") + " on page " + page;
    elsewhere.hidden = false;
  }

  // A comment by a member the reader muted folds away, as it does when the page is rendered.
  function foldAway(node) {
    var body = node.querySelector(":scope > article .comment__body");
    var by = node.querySelector(":scope > article .comment__meta strong");
    if (!body) return;
    var fold = document.createElement("details");
    fold.className = "comment__muted";
    var summary = document.createElement("summary");
    summary.textContent = "You muted " + (by ? by.textContent : "this member") + ": show the comment";
    fold.appendChild(summary);
    body.parentNode.replaceChild(fold, body);
    fold.appendChild(body);
  }

  // An edit or deletion: the text and the "edited" mark change in place; the reader's controls stay
  // (a deleted comment loses them and its reply box, unless someone is typing in it).
  function replaceComment(existing, fresh) {
    var oldArticle = existing.querySelector(":scope > article");
    var newArticle = fresh.querySelector(":scope > article");
    if (!oldArticle || !newArticle) return;
    if (newArticle.hasAttribute("data-deleted")) {
      existing.replaceChild(newArticle, oldArticle);
      var box = existing.querySelector(":scope > .comment__reply-box");
      if (box && !box.contains(document.activeElement)) box.remove();
      if (!oldArticle.hasAttribute("data-deleted")) addToCount(-1);
      return;
    }
    ["header.comment__meta", ".comment__body"].forEach(function (selector) {
      var before = oldArticle.querySelector(":scope > " + selector) || oldArticle.querySelector(selector);
      var after = newArticle.querySelector(":scope > " + selector);
      if (before && after) before.parentNode.replaceChild(after, before);
    });
  }

  // A removed or held comment leaves open pages; replies to it stay, under a note.
  function removeComment(event) {
    if (event.late) lastLate = Math.max(lastLate, parseInt(event.late, 10) || 0);
    var node = document.getElementById("c" + parseInt(event.id, 10));
    if (!node || !node.classList.contains("comment-node")) return;
    if (node.querySelector(":scope > .comment-children > li")) {
      var article = node.querySelector(":scope > article");
      var note = document.createElement("p");
      note.className = "comment comment--gone muted";
      note.textContent = "This comment is no longer shown.";
      if (article) node.replaceChild(note, article);
      var box = node.querySelector(":scope > .comment__reply-box");
      if (box && !box.contains(document.activeElement)) box.remove();
    } else if (!node.contains(document.activeElement)) {
      node.remove();
    } else {
      return; // never pull away a reply box someone is typing in
    }
    addToCount(-1);
  }

  function updateReactions(event) {
    var node = document.getElementById("c" + parseInt(event.id, 10));
    if (!node || !event.counts) return;
    node.querySelectorAll(":scope > article [data-reaction]").forEach(function (element) {
      var count = parseInt(event.counts[element.dataset.reaction], 10) || 0;
      var shown = element.querySelector("[data-count]");
      if (shown) shown.textContent = String(count);
      if (element.tagName === "SPAN") element.hidden = count === 0;
    });
  }

  function onMessage(message) {
    var event;
    try { event = JSON.parse(message.data); } catch (e) { return; }
    if (event.kind === "comment") insertComment(event);
    else if (event.kind === "removed") removeComment(event);
    else if (event.kind === "reactions") updateReactions(event);
    else if (event.kind === "presence" && presence) {
      presence.textContent = event.count === 1 ? "1 member reading now." : event.count + " members reading now.";
    } else if (event.kind === "typing" && typing) {
      typing.textContent = event.name + " is typing…";
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { typing.textContent = ""; }, 4000);
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + section.dataset.livePath);
    socket.addEventListener("open", function () {
      delay = 1000;
      socket.send(JSON.stringify({ since: lastId, since_late: lastLate }));
    });
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", function (event) {
      if (event.code === 1006 || event.code < 4000) {
        var wait = delay + Math.floor(Math.random() * 500);
        delay = Math.min(delay * 2, 30000);
        setTimeout(connect, wait);
      }
    });
  }

  section.addEventListener("input", function (event) {
    if (event.target.tagName !== "TEXTAREA" || !socket || socket.readyState !== 1) return;
    var now = Date.now();
    if (now - lastTypingSent > 2000) {
      lastTypingSent = now;
      socket.send(JSON.stringify({ typing: true }));
    }
  });

  // After posting, xtd sends the member back with ?c=<id> (the page that shows the new comment): bring it
  // into view when the address has no fragment of its own.
  var posted = new URLSearchParams(window.location.search).get("c");
  if (posted && !window.location.hash) {
    var target = document.getElementById("c" + parseInt(posted, 10));
    if (target) target.scrollIntoView();
  }

  connect();
})();
