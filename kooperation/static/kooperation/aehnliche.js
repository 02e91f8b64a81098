// Fills the „Ähnliche Vorhaben“ frame of the scoring page with the panel from the portal
// (kooperation.views.aehnliche, ?teil=1). Without scripts the frame keeps its link.
(function () {
  "use strict";
  function laden() {
    var rahmen = document.querySelector("[data-teil-url]");
    if (!rahmen) return;
    fetch(rahmen.getAttribute("data-teil-url"), { credentials: "same-origin" })
      .then(function (antwort) {
        if (!antwort.ok) throw new Error(antwort.status);
        return antwort.text();
      })
      .then(function (html) {
        var vorlage = document.createElement("template");
        vorlage.innerHTML = html.trim();
        var neu = vorlage.content.firstElementChild;
        if (neu) rahmen.replaceWith(neu);
      })
      .catch(function () {
        rahmen.removeAttribute("aria-busy");
      });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", laden);
  } else {
    laden();
  }
})();
