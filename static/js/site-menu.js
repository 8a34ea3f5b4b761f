// The header's "Menu" disclosure: kept open on wide screens (for browsers that cannot style
// ::details-content), closed again on narrow ones, and Escape closes it from inside.
(function () {
  "use strict";
  var menu = document.querySelector("[data-site-menu]");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 43.75rem)");
  function fit() { menu.open = wide.matches; }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
