/* Autosave for the self-evaluation: a few seconds after someone stops typing, the section form is sent as
   the Save button would send it, and the answers' versions are brought up to date from the reply.
   If a colleague saved the same answer first, autosave stops and asks for Save, which shows both versions.
   Everything here is an extra: the Save button does the same without JavaScript. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("autosave-status");
  var timer = null;
  var stopped = false;

  function say(text) { if (status) { status.textContent = text; } }

  function save() {
    if (stopped) { return; }
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Autosave": "1", "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (reply) {
      Object.keys(reply.versions).forEach(function (id) {
        var field = form.querySelector("input[name='version-" + id + "']");
        if (field) { field.value = reply.versions[id]; }
      });
      if (reply.clashes.length) {
        stopped = true;
        say(form.getAttribute("data-clash-text"));
      } else if (reply.problems.length) {
        say(form.getAttribute("data-problem-text"));
      } else {
        say(form.getAttribute("data-saved-text") + " " + reply.at);
      }
    }).catch(function () { say(form.getAttribute("data-failed-text")); });
  }

  form.addEventListener("input", function () {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(save, 3000);
  });
})();
