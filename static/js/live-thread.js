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
  var template = section.querySelector("template[data-reply-template]");
  var maxLevel = parseInt(section.dataset.maxLevel, 10);
  var lastId = parseInt(section.dataset.lastId, 10) || 0;
  var delay = 1000;
  var socket = null;
  var typingTimer = null;
  var lastTypingSent = 0;

  function addReplyBox(node, id, level) {
    if (!template || level >= maxLevel) return;
    var html = template.innerHTML.split("__reply_to__").join(String(id));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var box = holder.firstElementChild;
    node.insertBefore(box, node.querySelector(":scope > .comment-children"));
  }

  function insertComment(event) {
    if (document.getElementById("c" + event.id)) {
      lastId = Math.max(lastId, event.id);
      return;
    }
    var holder = document.createElement("ol");
    holder.innerHTML = event.html;
    var node = holder.querySelector("li.comment-node");
    if (!node) return;
    addReplyBox(node, event.id, event.level);
    var parent = event.parent_id && document.getElementById("c" + event.parent_id);
    var list = parent ? parent.querySelector(":scope > .comment-children") : root;
    list.appendChild(node); // the end of the parent's subtree, never inside a reply box
    node.classList.add("comment-node--new");
    lastId = Math.max(lastId, event.id);
    if (counter) counter.textContent = String(parseInt(counter.textContent, 10) + 1);
  }

  function onMessage(message) {
    var event;
    try { event = JSON.parse(message.data); } catch (e) { return; }
    if (event.kind === "comment") insertComment(event);
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
      socket.send(JSON.stringify({ since: lastId }));
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

  connect();
})();
