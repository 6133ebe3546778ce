// "Listen": reads the question and its choices aloud with the browser's own voices (no third party).
// Only ever when pressed; the button stays hidden where the browser has no speech synthesis.
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  function words(form) {
    var parts = [];
    var heading = form.querySelector("h1");
    if (heading) { parts.push(heading.textContent); }
    form.querySelectorAll(".hint, .why, .choice__label").forEach(function (node) {
      parts.push(node.textContent);
    });
    return parts.map(function (text) { return text.replace(/\s+/g, " ").trim(); }).join(". ");
  }
  document.querySelectorAll("[data-listen]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var form = button.closest("form");
      if (!form) { return; }
      window.speechSynthesis.cancel();
      var utterance = new window.SpeechSynthesisUtterance(words(form));
      utterance.lang = document.documentElement.lang || "en";
      window.speechSynthesis.speak(utterance);
    });
  });
})();
