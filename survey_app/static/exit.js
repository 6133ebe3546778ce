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

  // A shared device: warn shortly before an idle visit ends, then replace the page so its answers go.
  // The warning takes focus so a screen reader reads it at once and the keyboard is already inside it;
  // "I am still here" tells the server (which keeps its own clock) and puts focus back where it was.
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle"), 10);
  var warnFor = parseInt(body.getAttribute("data-warn"), 10) || 0;
  var ended = body.getAttribute("data-ended");
  var stillHere = body.getAttribute("data-still-here");
  var warning = document.getElementById("idle-warning");
  var timers = [];
  var focusBefore = null;

  function endVisit() {
    body.hidden = true;
    window.location.replace(ended);
  }

  function warn() {
    focusBefore = document.activeElement;
    warning.hidden = false;
    warning.focus();
  }

  function schedule() {
    timers.forEach(window.clearTimeout);
    timers = [window.setTimeout(endVisit, idle * 1000 + 1000)];
    if (warning) { timers.push(window.setTimeout(warn, (idle - warnFor) * 1000)); }
  }

  function stay() {
    warning.hidden = true;
    var back = focusBefore && focusBefore !== body && document.contains(focusBefore) ? focusBefore : null;
    (back || document.getElementById("main")).focus();
    schedule();
    window.fetch(stillHere, { credentials: "same-origin", cache: "no-store" }).then(function (reply) {
      if (reply.status === 410) { endVisit(); }  // the server had already ended it: show nothing more
    }, function () { /* offline: the server ends the visit on its own clock, and says so next time */ });
  }

  if (idle > 0 && ended) {
    schedule();
    var stayButton = warning && warning.querySelector("[data-still-here]");
    if (stayButton && stillHere) { stayButton.addEventListener("click", stay); }
  }

  var summary = document.querySelector("[data-error-summary]");
  if (summary && document.activeElement !== summary) { summary.focus(); }
}());
