// The header bell: keeps the unread count live over /ws/notifications/ and reconnects with backoff.
// The server sends the current count on every connect, so the badge is right after a reconnect too.
const bell = document.querySelector("[data-notification-bell]");
const badge = bell && bell.querySelector("[data-bell-badge]");
const number = bell && bell.querySelector("[data-bell-count]");
const status = document.querySelector("[data-bell-status]");
const MIN_DELAY = 1000;
const MAX_DELAY = 30000;
let delay = MIN_DELAY;

function show(count) {
  if (!Number.isInteger(count) || count < 0) return;
  const before = parseInt(number.textContent, 10) || 0;
  number.textContent = String(count);
  badge.hidden = count === 0;
  // Announce only what changed while the page was open, politely.
  if (status && count !== before) {
    status.textContent = count === 0 ? "No unread notifications" : `${count} unread notification${count === 1 ? "" : "s"}`;
  }
}

function connect() {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${window.location.host}${bell.dataset.socketPath}`);
  socket.addEventListener("open", () => {
    delay = MIN_DELAY;
  });
  socket.addEventListener("message", (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return;
    }
    if (event && event.kind === "unread") show(event.count);
  });
  socket.addEventListener("close", () => {
    // Back off (with a little jitter) so a restarting server is not met by every tab at once.
    const wait = delay + Math.floor(Math.random() * 500);
    delay = Math.min(delay * 2, MAX_DELAY);
    window.setTimeout(connect, wait);
  });
}

if (bell && badge && number && bell.dataset.socketPath && "WebSocket" in window) {
  connect();
}
