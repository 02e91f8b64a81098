/* Autosave of the idea's form (ideen.views.zwischenspeichern): a few seconds after the
   last input, the form's fields (not the file) are sent; the answer is announced in
   #zwischenspeichern-status (aria-live). Without JavaScript the form works as before. */
(function () {
  "use strict";
  var form = document.getElementById("ideen-formular");
  var status = document.getElementById("zwischenspeichern-status");
  if (!form || !status || !form.dataset.zwischenspeichern) { return; }
  var zeitgeber = null;
  var gesperrt = false;

  function senden() {
    zeitgeber = null;
    if (gesperrt) { return; }
    var daten = new FormData(form);
    daten.delete("pitchdeck_datei");
    fetch(form.dataset.zwischenspeichern, {
      method: "POST",
      body: daten,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (antwort) {
      return antwort.json().then(function (json) { return [antwort.status, json]; });
    }).then(function (paar) {
      status.textContent = paar[1].meldung || "";
      if (paar[0] === 429 && paar[1].warten) {
        zeitgeber = window.setTimeout(senden, paar[1].warten * 1000);
      } else if (paar[0] === 423 || paar[0] === 404) {
        gesperrt = true;
      }
    }).catch(function () {
      status.textContent = "Zwischenspeichern nicht möglich (keine Verbindung). Ihre Eingaben stehen weiter im Formular.";
    });
  }

  function geaendert(ereignis) {
    if (ereignis.target && ereignis.target.type === "file") { return; }
    if (zeitgeber) { window.clearTimeout(zeitgeber); }
    zeitgeber = window.setTimeout(senden, 3000);
  }

  form.addEventListener("input", geaendert);
  form.addEventListener("change", geaendert);
  form.addEventListener("submit", function () {
    gesperrt = true;
    if (zeitgeber) { window.clearTimeout(zeitgeber); }
  });
})();
