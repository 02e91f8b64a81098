// The export form shows what belongs to the chosen kind: the Steckbrief selection for
// dossiers and tables, the Ideenwettbewerb for the dossier of ideas. Without scripts all
// fields stay visible and the server says which one is wrong.
(function () {
  "use strict";
  var form = document.querySelector("form[data-export-form]");
  if (!form) return;
  var STECKBRIEF = ["auswahl", "handlungsfeld", "gebietskoerperschaft", "ids", "mit_kommentaren"];
  var IDEEN = ["aufruf"];
  function gruppe(name) {
    return document.getElementById("div_id_" + name);
  }
  function zeigen() {
    var gewaehlt = form.querySelector("input[name=art]:checked");
    var ideen = gewaehlt && gewaehlt.value === "ideen_dossier";
    STECKBRIEF.forEach(function (n) { var g = gruppe(n); if (g) g.hidden = ideen; });
    IDEEN.forEach(function (n) { var g = gruppe(n); if (g) g.hidden = !ideen; });
  }
  form.addEventListener("change", function (e) {
    if (e.target && e.target.name === "art") zeigen();
  });
  zeigen();
})();
