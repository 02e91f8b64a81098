// Ranking: "select all on this page" checkbox (no inline script: CSP).
document.addEventListener("DOMContentLoaded", () => {
  const alle = document.getElementById("bw-alle");
  if (!alle) return;
  alle.addEventListener("change", () => {
    document.querySelectorAll("input.bw-auswahl").forEach((box) => {
      box.checked = alle.checked;
    });
  });
});
