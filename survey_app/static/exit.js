/* Quick exit with the keyboard, and without a history entry: Esc, or Shift pressed 3 times, or the Quick
   exit button or link. location.replace swaps this page's history entry for the neutral page, so Back does
   not come straight here; older entries stay, which the page before the questions explains.
   Everything here is an extra: every page works without it. */
(function () {
  "use strict";
  var leaveUrl = document.body.getAttribute("data-leave");
  if (!leaveUrl) { return; }
  var shifts = 0;
  var lastShift = 0;

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.hidden = true;
    window.location.replace(leaveUrl);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") { leave(event); return; }
    if (event.key !== "Shift") { shifts = 0; return; }
    if (event.repeat) { return; }
    var now = Date.now();
    shifts = now - lastShift < 2000 ? shifts + 1 : 1;
    lastShift = now;
    if (shifts >= 3) { leave(event); }
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-quick-exit]") : null;
    if (target) { leave(event); }
  });

  // A page shown again from the back-forward cache must not show answers: fetch it afresh.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });

  // A shared device: warn 2 minutes before an idle visit ends, then replace the page so its answers go.
  var idle = parseInt(document.body.getAttribute("data-idle"), 10);
  var ended = document.body.getAttribute("data-ended");
  var warning = document.getElementById("idle-warning");
  if (idle > 0 && ended) {
    if (warning) {
      window.setTimeout(function () { warning.hidden = false; }, Math.max(idle - 120, idle / 2) * 1000);
    }
    window.setTimeout(function () {
      document.body.hidden = true;
      window.location.replace(ended);
    }, idle * 1000 + 1000);
  }

  var summary = document.querySelector("[data-error-summary]");
  if (summary && document.activeElement !== summary) { summary.focus(); }
}());
