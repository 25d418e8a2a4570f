// The district picker (templates/macros/districts.html), enhanced: chips follow the ticks, and
// ticking "ganz <Bezirk>" ticks that Bezirk's Ortsteile off (the whole Bezirk covers them).
(function () {
  "use strict";
  function update(picker) {
    var chips = picker.querySelector("[data-chips]");
    var chosen = Array.prototype.filter.call(picker.querySelectorAll("input[type=checkbox]"), function (box) {
      return box.checked;
    });
    chips.textContent = "";
    if (!chosen.length) {
      var none = document.createElement("span");
      none.className = "muted";
      none.textContent = picker.getAttribute("data-label-none");
      chips.appendChild(none);
      return;
    }
    chosen.forEach(function (box) {
      var chip = document.createElement("span");
      chip.className = "chip";
      chip.textContent = box.parentNode.textContent.trim();
      chips.appendChild(chip);
      chips.appendChild(document.createTextNode(" "));
    });
  }
  document.querySelectorAll("[data-district-picker]").forEach(function (picker) {
    picker.addEventListener("change", function (event) {
      var box = event.target;
      var group = box.closest(".district-group");
      if (box.hasAttribute("data-whole") && box.checked) {
        group.querySelectorAll("input:not([data-whole])").forEach(function (other) { other.checked = false; });
      } else if (box.checked) {
        var whole = group.querySelector("[data-whole]");
        if (whole) { whole.checked = false; }
      }
      update(picker);
    });
  });
})();
