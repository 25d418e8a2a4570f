// The dashboard's period: show the quarter or month field only when that period is chosen
// (without this script all fields stay visible, and the server ignores the unused ones).
(function () {
  "use strict";
  var period = document.getElementById("period");
  if (!period) { return; }
  function update() {
    document.querySelectorAll(".period-quarter").forEach(function (el) { el.hidden = period.value !== "quarter"; });
    document.querySelectorAll(".period-month").forEach(function (el) { el.hidden = period.value !== "month"; });
  }
  period.addEventListener("change", update);
  update();
})();
