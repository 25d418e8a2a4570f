// Suggestions while typing comma-separated tags. Progressive enhancement only: without
// this script the field is a plain text input and the form works the same.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-suggest]");
  Array.prototype.forEach.call(inputs, function (input, index) {
    var list = document.createElement("datalist");
    list.id = "suggest-" + index;
    input.setAttribute("list", list.id);
    input.parentNode.appendChild(list);
    var timer = null;
    var lastQuery = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { refresh(input, list); }, 150);
    });
    function refresh() {
      var parts = input.value.split(",");
      var current = parts.pop().trim();
      if (current.length < 2 || current === lastQuery) { return; }
      lastQuery = current;
      var before = parts.map(function (p) { return p.trim(); }).filter(Boolean);
      var url = "/skills/suggest?q=" + encodeURIComponent(current);
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (names) {
          list.innerHTML = "";
          names.forEach(function (name) {
            var option = document.createElement("option");
            option.value = before.concat([name]).join(", ");
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are a convenience; typing still works */ });
    }
  });
})();
