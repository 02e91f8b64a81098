/* After a failed submit, move the keyboard focus to the problem (WCAG 2.4.3, 3.3.1):
   the form's summary of errors if there is one, else the first invalid field. The
   Steckbrief form does this itself (steckbrief.js). */
(function () {
  "use strict";
  var main = document.getElementById("inhalt");
  if (!main || document.getElementById("steckbrief-formular")) { return; }
  var hinweis = main.querySelector("form .alert-danger");
  var feld = main.querySelector("form .is-invalid:not([type=hidden])");
  var ziel = hinweis || feld;
  if (!ziel) { return; }
  if (ziel === hinweis) { ziel.setAttribute("tabindex", "-1"); }
  ziel.focus();
})();
