// Progress of an export job: polls the small JSON endpoint and updates the page
// (#export-status): Steckbriefe set, time left, "hängt seit …", and the download with its
// page count when done. Without JavaScript the page shows a reload link instead.
(function () {
  "use strict";
  var wurzel = document.getElementById("export-status");
  if (!wurzel) { return; }
  var url = wurzel.getAttribute("data-status-url");
  var hinweise = wurzel.querySelectorAll(".noscript-hinweis");
  for (var i = 0; i < hinweise.length; i++) { hinweise[i].hidden = true; }

  function feld(name) { return wurzel.querySelector('[data-feld="' + name + '"]'); }
  function bereich(name, sichtbar) {
    var el = wurzel.querySelector('[data-bereich="' + name + '"]');
    if (el) { el.hidden = !sichtbar; }
  }
  function text(name, wert) {
    var el = feld(name);
    if (el) { el.textContent = wert === null || wert === undefined ? "" : String(wert); }
  }

  var letzterStatus = null;
  var pause = 1000;

  function anzeigen(d) {
    var aktiv = d.status === "wartend" || d.status === "laeuft";
    text("status_text", d.status_text);
    text("fortschritt", d.fortschritt);
    text("steckbriefe_text", d.steckbriefe_text);
    text("rest", d.rest);
    text("haengt_seit", d.haengt_seit);
    bereich("haengt", d.zustand === "haengt");
    var balken = document.getElementById("export-fortschritt");
    if (balken) { balken.value = d.fortschritt; balken.textContent = d.fortschritt + " %"; }
    bereich("laeuft", aktiv);
    bereich("fertig", d.fertig);
    bereich("fehler", Boolean(d.fehler));
    bereich("neustart", d.kann_neu_starten);
    text("fehler", d.fehler);
    if (d.fertig) {
      var link = feld("download_url");
      if (link) { link.setAttribute("href", d.download_url); }
      text("dateiname", d.dateiname);
      text("groesse", d.groesse);
      text("seiten_text", d.seiten_text);
      bereich("seiten", Boolean(d.seiten_text));
      text("laeuft_ab", d.laeuft_ab);
    }
    var zustand = d.status + "/" + d.zustand;
    if (zustand !== letzterStatus) {
      letzterStatus = zustand;
      text("ansage", d.fertig ? "Der Export ist fertig und kann heruntergeladen werden."
        : d.fehler ? "Der Export ist fehlgeschlagen." : "Status: " + d.status_text);
    }
    return aktiv;
  }

  function abfragen() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (d) {
        if (anzeigen(d)) {
          pause = Math.min(pause * 1.3, 5000);
          window.setTimeout(abfragen, pause);
        }
      })
      .catch(function () { window.setTimeout(abfragen, 10000); });
  }

  if (wurzel.querySelector('[data-bereich="laeuft"]:not([hidden])')) {
    window.setTimeout(abfragen, pause);
  }
}());
