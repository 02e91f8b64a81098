// Scoring page (admin/bewertung/bewerten.html), served by the portal (CSP: no inline script).
//  - after a failed submit the error summary gets the focus;
//  - a live preview of the weighted score: sum(weight × points) / (5 × sum(weight)) × 100
//    over the scored criteria, as bewertung.aggregation.punkte computes it;
//  - autosave of the draft (debounced, and when the page is hidden) through the page's
//    own action "autosave" (JSON); the hidden version follows each save, a conflict stops
//    the autosave and says so;
//  - shortcuts: 0–5 in a criterion's points, Alt+N to the next criterion without points,
//    Ctrl/Cmd+S saves the draft.
(function () {
  "use strict";

  var WARTEN_MS = 4000;

  function zahl(wert) {
    return wert.toFixed(1).replace(".", ",");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var zusammenfassung = document.getElementById("bw-fehlerzusammenfassung");
    if (zusammenfassung) {
      zusammenfassung.focus();
    }

    var form = document.getElementById("bw-bewertungsformular");
    if (!form || form.dataset.autosave !== "1") {
      return;
    }
    var kriterien = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-gewicht]"));

    // --- live preview -------------------------------------------------------------------
    var vorschau = document.getElementById("bw-vorschau");
    var vorschauWert = document.getElementById("bw-vorschau-wert");
    var vorschauAnzahl = document.getElementById("bw-vorschau-anzahl");

    function gewaehlt(fieldset) {
      var radio = fieldset.querySelector('input[type="radio"]:checked');
      return radio ? parseInt(radio.value, 10) : null;
    }

    function vorschauZeigen() {
      var summe = 0;
      var gewichte = 0;
      var bewertet = 0;
      kriterien.forEach(function (fs) {
        var punkte = gewaehlt(fs);
        if (punkte === null || isNaN(punkte)) {
          return;
        }
        var gewicht = parseInt(fs.dataset.gewicht, 10) || 0;
        summe += gewicht * punkte;
        gewichte += gewicht;
        bewertet += 1;
      });
      vorschauWert.textContent = gewichte ? zahl((summe * 100) / (5 * gewichte)) : "–";
      vorschauAnzahl.textContent =
        "(" + bewertet + " von " + kriterien.length + " Kriterien bewertet)";
    }

    if (vorschau) {
      vorschau.hidden = false;
      vorschauZeigen();
    }

    // --- autosave -------------------------------------------------------------------------
    var status = document.getElementById("bw-autosave-status");
    var versionFeld = form.querySelector('input[name="version"]');
    var zeitgeber = null;
    var geaendert = false;
    var laeuft = false;
    var gestoppt = false;

    function speichern(beimVerlassen) {
      if (!geaendert || laeuft || gestoppt) {
        return;
      }
      var daten = new FormData(form);
      daten.set("aktion", "autosave");
      geaendert = false;
      if (beimVerlassen) {
        window.fetch(window.location.href, {
          method: "POST",
          body: daten,
          credentials: "same-origin",
          keepalive: true,
          headers: { "X-Requested-With": "fetch" },
        });
        return;
      }
      laeuft = true;
      window
        .fetch(window.location.href, {
          method: "POST",
          body: daten,
          credentials: "same-origin",
          headers: { "X-Requested-With": "fetch" },
        })
        .then(function (antwort) {
          return antwort.json().then(function (inhalt) {
            return { ok: antwort.ok, code: antwort.status, inhalt: inhalt };
          });
        })
        .then(function (ergebnis) {
          laeuft = false;
          if (ergebnis.ok) {
            versionFeld.value = ergebnis.inhalt.version;
            status.textContent = ergebnis.inhalt.meldung;
            if (geaendert) {
              planen();
            }
            return;
          }
          status.textContent = ergebnis.inhalt.fehler || "Nicht automatisch gespeichert.";
          if (ergebnis.code === 409 || ergebnis.code === 403) {
            gestoppt = true; // reload needed: the saved state differs from the page
          }
        })
        .catch(function () {
          laeuft = false;
          geaendert = true;
          status.textContent = "Automatisches Speichern nicht möglich (keine Verbindung).";
        });
    }

    function planen() {
      window.clearTimeout(zeitgeber);
      zeitgeber = window.setTimeout(function () {
        speichern(false);
      }, WARTEN_MS);
    }

    function aenderung() {
      geaendert = true;
      vorschauZeigen();
      planen();
    }

    form.addEventListener("input", aenderung);
    form.addEventListener("change", aenderung);
    form.addEventListener("submit", function () {
      // The submit saves: no autosave races it.
      gestoppt = true;
      window.clearTimeout(zeitgeber);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        speichern(true);
      }
    });

    // --- shortcuts -----------------------------------------------------------------------
    form.addEventListener("keydown", function (ereignis) {
      var ziel = ereignis.target;
      if (ziel.type === "radio" && /^[0-5]$/.test(ereignis.key) && !ereignis.altKey) {
        var fs = ziel.closest("fieldset[data-gewicht]");
        var option = fs && fs.querySelector('input[type="radio"][value="' + ereignis.key + '"]');
        if (option) {
          ereignis.preventDefault();
          option.checked = true;
          option.focus();
          option.dispatchEvent(new Event("change", { bubbles: true }));
        }
      }
    });
    document.addEventListener("keydown", function (ereignis) {
      var taste = (ereignis.key || "").toLowerCase();
      if ((ereignis.ctrlKey || ereignis.metaKey) && taste === "s") {
        ereignis.preventDefault();
        var knopf = document.getElementById("bw-speichern");
        if (knopf) {
          knopf.click();
        }
      } else if (ereignis.altKey && taste === "n") {
        var offen = kriterien.filter(function (fs) {
          return gewaehlt(fs) === null;
        });
        if (offen.length) {
          ereignis.preventDefault();
          var erste = offen[0].querySelector('input[type="radio"]');
          offen[0].scrollIntoView({ block: "center" });
          erste.focus();
        }
      }
    });
  });
})();
