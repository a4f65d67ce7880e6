// "Copy link" for bookmarkable searches. Loaded with defer from the page head; no inline script,
// so a Content-Security-Policy without 'unsafe-inline' allows it. Without JavaScript the link
// stays in its read-only field, ready to select and copy.
(function () {
  "use strict";

  function status(button, text) {
    var out = button.parentNode.querySelector(".copy-link__status");
    if (out) {
      out.textContent = text;
    }
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) {
      return;
    }
    var text = field.value;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { status(button, "Link copied."); },
        function () { field.select(); status(button, "Press Ctrl+C (or ⌘C) to copy."); }
      );
      return;
    }
    field.focus();
    field.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (e) {
      done = false;
    }
    status(button, done ? "Link copied." : "Press Ctrl+C (or ⌘C) to copy.");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("button[data-copy-target]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  });
})();
