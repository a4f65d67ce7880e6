/* "Copy" buttons for citation strings. Progressive enhancement: the text is on the page and
   selectable without JavaScript; this file only reveals the buttons and copies on click.
   Loaded as a static file (no inline script), so a strict Content-Security-Policy allows it. */
(function () {
  "use strict";
  var status = document.querySelector(".copy-status");

  function announce(message) {
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copied(button) {
    var label = button.textContent;
    button.textContent = "Copied";
    button.classList.add("is-copied");
    announce("Citation copied to the clipboard.");
    window.setTimeout(function () {
      button.textContent = label;
      button.classList.remove("is-copied");
    }, 2000);
  }

  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copied(button); }, function () {
          selectText(target);
          announce("Press Ctrl+C or Cmd+C to copy the selected citation.");
        });
      } else {
        selectText(target);
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        if (ok) { copied(button); } else { announce("Press Ctrl+C or Cmd+C to copy the selected citation."); }
      }
    });
  });
})();
