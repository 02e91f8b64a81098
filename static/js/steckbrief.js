/*
 * Steckbrief form enhancements. The form works completely without this script (plain POST,
 * "add row" buttons that submit); with it:
 *  - autosave while typing (debounced), on tab switch/close (fetch keepalive, sendBeacon),
 *    retry when back online, a localStorage copy as fallback (tab closed, offline, session
 *    expired), restored on the next visit;
 *  - Zieldimensionen/Teilziele/KPIs filtered to the chosen Handlungsfelder/Zieldimensionen;
 *  - add-row buttons without a round trip; character counters; conflict "take over" buttons.
 * No inline scripts (Content-Security-Policy), no third-party code.
 */
(function () {
  "use strict";

  var PREFIX = "steckbrief-entwurf:";

  function lokalLoeschen(schluessel) {
    try { window.localStorage.removeItem(PREFIX + schluessel); } catch (e) { /* unavailable */ }
  }

  // A successful save/discard/submission: the browser's local copy is obsolete.
  document.querySelectorAll("[data-soeben-gespeichert][data-entwurf-schluessel]").forEach(function (el) {
    lokalLoeschen(el.dataset.entwurfSchluessel);
  });

  // Confirmation for destructive buttons (e.g. deleting an attachment).
  document.addEventListener("click", function (event) {
    var knopf = event.target.closest("[data-bestaetigen]");
    if (knopf && !window.confirm(knopf.dataset.bestaetigen)) {
      event.preventDefault();
    }
    var drucken = event.target.closest("[data-drucken]");
    if (drucken) {
      event.preventDefault();
      window.print();
    }
  });
  document.querySelectorAll("[data-drucken]").forEach(function (el) { el.hidden = false; });

  var form = document.getElementById("steckbrief-formular");
  if (!form) { return; }

  var statusEl = document.getElementById("autosave-status");
  var schluessel = form.dataset.entwurfSchluessel;
  var istNeu = /:neu$/.test(schluessel);

  // --- status line (aria-live) -------------------------------------------------------------
  function status(text, art, link) {
    if (!statusEl) { return; }
    statusEl.textContent = text || "";
    statusEl.dataset.art = art || "";
    if (link) {
      statusEl.appendChild(document.createTextNode(" "));
      var a = document.createElement("a");
      a.href = link.href;
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = link.text;
      statusEl.appendChild(a);
    }
  }

  // --- form data ---------------------------------------------------------------------------
  function csrfCookie() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : null;
  }

  function formularDaten() {
    var fd = new FormData(form);
    var dateien = [];
    fd.forEach(function (wert, name) { if (typeof wert !== "string") { dateien.push(name); } });
    dateien.forEach(function (name) { fd.delete(name); });
    var token = csrfCookie();
    if (token) {
      // After a new login the token rotates; the cookie always has the current one.
      fd.set("csrfmiddlewaretoken", token);
      form.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (i) { i.value = token; });
    }
    return fd;
  }

  function alsListe(fd) {
    var liste = [];
    fd.forEach(function (wert, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "revision") { liste.push([name, wert]); }
    });
    return liste;
  }

  function revisionFeld() { return form.querySelector("input[name=revision]"); }

  // --- local copy --------------------------------------------------------------------------
  function lokalSpeichern() {
    try {
      window.localStorage.setItem(PREFIX + schluessel, JSON.stringify({
        daten: alsListe(formularDaten()),
        revision: revisionFeld() ? revisionFeld().value : "",
        zeit: Date.now()
      }));
    } catch (e) { /* storage full or disabled: the server copy still works */ }
  }

  function lokalLesen() {
    try { return JSON.parse(window.localStorage.getItem(PREFIX + schluessel)); } catch (e) { return null; }
  }

  // --- rows (Partner, Meilensteine) ----------------------------------------------------------
  function zeilenAnzahl(name) {
    var total = document.getElementById("id_" + name + "-TOTAL_FORMS");
    return total ? Number(total.value) : 0;
  }

  function zeileHinzufuegen(name) {
    var box = form.querySelector('[data-formset="' + name + '"]');
    var total = document.getElementById("id_" + name + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + name + "-MAX_NUM_FORMS");
    if (!box || !total) { return null; }
    var n = Number(total.value);
    if (max && n >= Number(max.value)) { return null; }
    var vorlage = box.querySelector("template[data-leere-zeile]");
    var html = vorlage.innerHTML.replace(/__prefix__/g, String(n)).replace(/__nummer__/g, String(n + 1));
    var zeilen = box.querySelector("[data-zeilen]");
    zeilen.insertAdjacentHTML("beforeend", html);
    total.value = String(n + 1);
    var neueZeile = zeilen.lastElementChild;
    neueZeile.querySelectorAll("textarea").forEach(zaehlerEinrichten);
    return neueZeile;
  }

  form.querySelectorAll("[data-zeile-hinzufuegen]").forEach(function (knopf) {
    knopf.addEventListener("click", function (event) {
      event.preventDefault();
      var zeile = zeileHinzufuegen(knopf.dataset.zeileHinzufuegen);
      if (zeile) {
        var erstes = zeile.querySelector("input:not([type=hidden]), select, textarea");
        if (erstes) { erstes.focus(); }
        status("Eine leere Zeile wurde hinzugefügt.", "ok");
      } else {
        status("Es sind keine weiteren Zeilen möglich.", "warnung");
      }
    });
  });

  // --- catalogue filter ---------------------------------------------------------------------
  function gruppenFiltern(feld, erlaubt) {
    var box = form.querySelector('[data-katalog="' + feld + '"]');
    if (!box) { return; }
    var sichtbar = 0;
    box.querySelectorAll(".katalog-gruppe").forEach(function (gruppe) {
      var an = erlaubt.has(gruppe.dataset.gruppe);
      gruppe.hidden = !an;
      if (an) {
        sichtbar += 1;
      } else {
        gruppe.querySelectorAll("input:checked").forEach(function (i) { i.checked = false; });
      }
    });
    var leer = box.querySelector(".katalog-leer");
    if (leer) { leer.hidden = sichtbar > 0; }
  }

  function katalogFiltern() {
    var federfuehrend = form.querySelector('input[name="handlungsfeld"]:checked');
    var hf = new Set();
    if (federfuehrend) { hf.add(federfuehrend.value); }
    form.querySelectorAll('input[name="weitere_handlungsfelder"]').forEach(function (i) {
      var istFederfuehrend = federfuehrend && i.value === federfuehrend.value;
      if (istFederfuehrend) { i.checked = false; }
      i.disabled = Boolean(istFederfuehrend);
      if (i.checked) { hf.add(i.value); }
    });
    gruppenFiltern("zieldimensionen", hf);
    var zd = new Set();
    form.querySelectorAll('input[name="zieldimensionen"]:checked').forEach(function (i) { zd.add(i.value); });
    gruppenFiltern("teilziele", zd);
    gruppenFiltern("kpis", zd);
  }

  form.addEventListener("change", function (event) {
    if (["handlungsfeld", "weitere_handlungsfelder", "zieldimensionen"].indexOf(event.target.name) >= 0) {
      katalogFiltern();
    }
  });

  // --- character counters -------------------------------------------------------------------
  function zaehlerEinrichten(feld) {
    if (feld.dataset.zaehler) { return; }
    feld.dataset.zaehler = "1";
    // The limit is data-maxlength, not maxlength: the browser would cut pasted text
    // silently; the server says what is too long and keeps all of it.
    var max = Number(feld.dataset.maxlength) > 0 ? Number(feld.dataset.maxlength) : null;
    var anzeige = document.createElement("div");
    anzeige.className = "form-text zeichenzaehler";
    anzeige.id = (feld.id || feld.name) + "_zeichen";
    var beschrieben = (feld.getAttribute("aria-describedby") || "").trim();
    feld.setAttribute("aria-describedby", (beschrieben + " " + anzeige.id).trim());
    function aktualisieren() {
      var n = feld.value.length;
      anzeige.textContent = max ? n + " von " + max + " Zeichen" : n + " Zeichen";
      if (max && n > max) {
        anzeige.textContent += " – " + (n - max) + " zu viel. Bitte kürzen Sie den Text.";
      }
      anzeige.classList.toggle("text-danger", Boolean(max) && n >= max * 0.95);
    }
    feld.insertAdjacentElement("afterend", anzeige);
    feld.addEventListener("input", aktualisieren);
    aktualisieren();
  }
  form.querySelectorAll("textarea").forEach(zaehlerEinrichten);

  // --- conflict: take over the stored value --------------------------------------------------
  document.querySelectorAll("[data-uebernehmen]").forEach(function (knopf) {
    knopf.hidden = false;
    knopf.addEventListener("click", function () {
      var ziel = document.getElementById(knopf.dataset.uebernehmen);
      if (!ziel || !("value" in ziel)) { return; }
      ziel.value = knopf.dataset.wert || "";
      ziel.dispatchEvent(new Event("input", { bubbles: true }));
      ziel.focus();
      status("Der gespeicherte Wert wurde ins Formular übernommen.", "ok");
    });
  });

  // --- restore from the local copy --------------------------------------------------------
  function wiederherstellen(eintrag) {
    var werte = {};
    eintrag.daten.forEach(function (paar) {
      (werte[paar[0]] = werte[paar[0]] || []).push(paar[1]);
    });
    ["partner", "meilensteine"].forEach(function (name) {
      var soll = Number((werte[name + "-TOTAL_FORMS"] || ["0"])[0]);
      while (zeilenAnzahl(name) < soll && zeileHinzufuegen(name)) { /* add rows */ }
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "submit" || el.type === "button" ||
          el.name === "csrfmiddlewaretoken") { return; }
      if (el.name === "revision") {
        // The restored text is based on the revision it was typed on: an older one leads
        // to the conflict view instead of silently overwriting newer changes.
        if (eintrag.revision) { el.value = eintrag.revision; }
        return;
      }
      var liste = werte[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = liste.indexOf(el.value) >= 0;
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = liste.indexOf(o.value) >= 0; });
      } else {
        el.value = liste.length ? liste[0] : "";
      }
      if (el.tagName === "TEXTAREA") { el.dispatchEvent(new Event("input", { bubbles: true })); }
    });
  }

  // --- autosave -------------------------------------------------------------------------------
  var timer = null;
  var aenderung = 0;
  var bestaetigt = 0;
  var unterwegs = false;
  var abgeschickt = false;
  var VERZOEGERUNG = 2500;

  function planen(ms) {
    window.clearTimeout(timer);
    timer = window.setTimeout(senden, ms);
  }

  function geaendert() {
    if (abgeschickt) { return; }
    aenderung += 1;
    lokalSpeichern();
    status("Ungespeicherte Änderungen …", "");
    planen(VERZOEGERUNG);
  }

  function neuAngelegt(antwort) {
    lokalLoeschen(schluessel);
    schluessel = schluessel.replace(/:neu$/, ":" + antwort.pk);
    form.dataset.entwurfSchluessel = schluessel;
    form.dataset.autosaveUrl = antwort.autosave_url;
    form.action = antwort.bearbeiten_url;
    istNeu = false;
    if (revisionFeld()) { revisionFeld().value = String(antwort.revision); }
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", antwort.bearbeiten_url);
    }
  }

  function anmeldeLink(json) {
    var login = (json && json.login_url) || "/konto/login/";
    return {
      href: login + "?next=" + encodeURIComponent(window.location.pathname),
      text: "Erneut anmelden (öffnet ein neues Fenster)"
    };
  }

  function senden() {
    if (abgeschickt || bestaetigt === aenderung) { return; }
    if (unterwegs) { planen(1000); return; }
    if (navigator.onLine === false) {
      status("Keine Verbindung. Ihre Eingaben sind in diesem Browser gesichert und werden übertragen, sobald die Verbindung wieder besteht.", "warnung");
      return;
    }
    var nummer = aenderung;
    unterwegs = true;
    window.fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: formularDaten(),
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (json) {
        unterwegs = false;
        if (response.ok && json) {
          bestaetigt = nummer;
          if (json.status === "angelegt") { neuAngelegt(json); }
          if (bestaetigt === aenderung) { lokalLoeschen(schluessel); }
          status(json.meldung, "ok");
        } else if ((response.status === 409 || response.status === 423) && json) {
          // Stored on the server (kept as the person's input), but not applied.
          bestaetigt = nummer;
          if (bestaetigt === aenderung) { lokalLoeschen(schluessel); }
          status(json.meldung, response.status === 409 ? "konflikt" : "warnung");
        } else if (response.status === 429) {
          // Too many requests: try again when the server says so; the local copy stays.
          var warten = Number(response.headers.get("Retry-After")) || 30;
          status((json && json.meldung) || "Zu viele Zwischenspeicherungen. Ein neuer Versuch folgt.", "warnung");
          planen(Math.max(1, warten) * 1000);
        } else if (response.status === 403 && json && json.status === "abgelehnt") {
          // No new draft allowed (phase closed, too many drafts): nothing was stored on the
          // server, the local copy stays; no retry.
          status(json.meldung, "warnung");
        } else if (response.status === 401 || response.status === 403) {
          status((json && json.meldung) || "Ihre Sitzung ist abgelaufen. Ihre Eingaben sind in diesem Browser gesichert.", "warnung", anmeldeLink(json));
          planen(20000);
        } else {
          status("Zwischenspeichern ist fehlgeschlagen. Ihre Eingaben sind in diesem Browser gesichert; ein neuer Versuch folgt.", "warnung");
          planen(15000);
        }
      });
    }).catch(function () {
      unterwegs = false;
      status("Keine Verbindung zum Server. Ihre Eingaben sind in diesem Browser gesichert; ein neuer Versuch folgt.", "warnung");
      planen(15000);
    });
  }

  function sofortSenden() {
    if (abgeschickt || bestaetigt === aenderung) { return; }
    lokalSpeichern();
    if (istNeu) {
      // The page learns the new draft's address only from the answer; the local copy
      // (and the session's draft token) cover a closed tab.
      senden();
      return;
    }
    var daten = formularDaten();
    var url = form.dataset.autosaveUrl;
    try {
      window.fetch(url, { method: "POST", body: daten, credentials: "same-origin", keepalive: true });
    } catch (e) {
      if (navigator.sendBeacon) { navigator.sendBeacon(url, daten); }
    }
  }

  form.addEventListener("input", geaendert);
  form.addEventListener("change", geaendert);
  form.addEventListener("submit", function () {
    abgeschickt = true;
    window.clearTimeout(timer);
    if (istNeu) { lokalLoeschen(schluessel); } else { lokalSpeichern(); }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { sofortSenden(); }
  });
  window.addEventListener("pagehide", sofortSenden);
  window.addEventListener("online", function () { if (bestaetigt !== aenderung) { senden(); } });
  window.addEventListener("offline", function () {
    status("Keine Verbindung. Ihre Eingaben werden in diesem Browser gesichert.", "warnung");
  });

  // --- "Was noch fehlt", judged from the values on screen ------------------------------------
  // Each entry names the controls it looks at (data-pruefe; "-*-" = every row of a
  // formset) and whether one (data-art="eine") or all of them ("alle") must be filled.
  function steuerelemente(muster) {
    if (muster.indexOf("-*-") < 0) {
      return Array.prototype.slice.call(form.querySelectorAll('[name="' + muster + '"]'));
    }
    var teile = muster.split("-*-");
    return Array.prototype.filter.call(form.elements, function (el) {
      var m = el.name && el.name.match(/^(.+)-(\d+)-(.+)$/);
      if (!m || m[1] !== teile[0] || m[3] !== teile[1]) { return false; }
      var loeschen = form.querySelector('[name="' + m[1] + "-" + m[2] + '-DELETE"]');
      return !(loeschen && loeschen.checked);
    });
  }

  function ausgefuellt(muster) {
    return steuerelemente(muster).some(function (el) {
      if (el.disabled) { return false; }
      if (el.type === "checkbox" || el.type === "radio") { return el.checked; }
      return String(el.value || "").trim() !== "";
    });
  }

  var wasFehlt = document.querySelector("[data-was-fehlt]");
  function wasFehltPruefen() {
    if (!wasFehlt) { return; }
    var jeAbschnitt = {};
    var gesamt = 0;
    wasFehlt.querySelectorAll("[data-abschnitt-fehlt]").forEach(function (gruppe) {
      var anzahl = 0;
      gruppe.querySelectorAll("[data-pruefe]").forEach(function (eintrag) {
        var namen = eintrag.dataset.pruefe.split(" ");
        var da = eintrag.dataset.art === "alle" ? namen.every(ausgefuellt) : namen.some(ausgefuellt);
        eintrag.hidden = da;
        if (!da) { anzahl += 1; }
      });
      gruppe.hidden = anzahl === 0;
      jeAbschnitt[gruppe.dataset.abschnittFehlt] = anzahl;
      gesamt += anzahl;
    });
    var allesDa = wasFehlt.querySelector("[data-alles-da]");
    if (allesDa) { allesDa.hidden = gesamt > 0; }
    var stand = wasFehlt.querySelector("[data-was-fehlt-stand]");
    if (stand) { stand.textContent = "Stand: Ihre Eingaben im Formular (auch noch nicht gespeicherte)."; }
    document.querySelectorAll("[data-abschnitt-stand]").forEach(function (el) {
      var anzahl = jeAbschnitt[el.dataset.abschnittStand] || 0;
      el.textContent = "";
      var zeichen = document.createElement("span");
      zeichen.setAttribute("aria-hidden", "true");
      zeichen.textContent = anzahl ? "○" : "✓";
      el.appendChild(zeichen);
      if (anzahl) {
        el.appendChild(document.createTextNode(" (" + anzahl + (anzahl === 1 ? " fehlt)" : " fehlen)")));
      } else {
        var text = document.createElement("span");
        text.className = "visually-hidden";
        text.textContent = "(vollständig)";
        el.appendChild(text);
      }
    });
  }
  form.addEventListener("input", wasFehltPruefen);
  form.addEventListener("change", wasFehltPruefen);

  // Error summary: a link moves the focus to the control itself (the first of a group).
  document.querySelectorAll("[data-fehler-link], [data-was-fehlt] a").forEach(function (link) {
    link.addEventListener("click", function () {
      var ziel = document.getElementById(link.getAttribute("href").slice(1));
      if (!ziel) { return; }
      var steuer = ziel.matches("input, select, textarea") ? ziel :
        ziel.querySelector("input:not([type=hidden]):not([disabled]), select, textarea");
      if (steuer) { window.setTimeout(function () { steuer.focus(); }, 0); }
    });
  });

  // --- start -----------------------------------------------------------------------------------
  katalogFiltern();
  if (!form.hasAttribute("data-soeben-gespeichert")) {
    var eintrag = lokalLesen();
    if (eintrag && Array.isArray(eintrag.daten)) {
      var jetzt = JSON.stringify(alsListe(formularDaten()));
      if (JSON.stringify(eintrag.daten) !== jetzt) {
        wiederherstellen(eintrag);
        katalogFiltern();
        geaendert();
        status("Eingaben aus diesem Browser wurden wiederhergestellt, die noch nicht beim Server angekommen waren. Sie werden jetzt zwischengespeichert.", "warnung");
      } else {
        lokalLoeschen(schluessel);
      }
    }
  }
  wasFehltPruefen();
  var fehler = document.getElementById("fehler") || document.getElementById("konflikt");
  if (fehler) {
    fehler.setAttribute("tabindex", "-1");
    fehler.focus();
  }
})();
