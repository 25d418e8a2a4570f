// What the matcher recognises in a slot title or in prior occupations (KldB 2010), shown
// while typing, with other titles from the BA's list to pick. Progressive enhancement only:
// without this script the page shows the same lines as of the last save, and a code can be typed.
(function () {
  "use strict";
  var DELAY = 300;
  // A comma between two digits is a decimal comma ("Lager:1,5"), as the server reads it.
  var SEPARATOR = /(?<!\d),|,(?!\d)/;
  var CODE_BRACKET = /\(\s*(?:kldb\s*:?)?\s*(\d[\d\s]*)\s*\)/i;
  var cache = {};

  function fetchPicker(box, text) {
    if (cache[text]) { return cache[text]; }
    var url = box.dataset.suggestUrl + "?q=" + encodeURIComponent(text);
    cache[text] = fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { delete cache[text]; throw new Error(String(response.status)); }
        return response.json();
      });
    return cache[text];
  }

  function describe(box, item, confirmed) {
    // "erkannt als: <strong>Title</strong> · KldB 12345", built from text nodes (titles are data).
    var fragment = document.createDocumentFragment();
    var strong = document.createElement("strong");
    strong.textContent = item.title;
    fragment.appendChild(document.createTextNode(
      (confirmed ? box.dataset.labelConfirmed : box.dataset.labelRecognised) + " "));
    fragment.appendChild(strong);
    fragment.appendChild(document.createTextNode(" · KldB " + item.code));
    return fragment;
  }

  function setLine(element, content) {
    element.textContent = "";
    if (typeof content === "string") { element.textContent = content; } else { element.appendChild(content); }
  }

  function renderSuggestions(box, items, onPick, reset) {
    var holder = box.querySelector("[data-occupation-suggestions]");
    holder.textContent = "";
    if (!items.length && !reset) { return; }
    var list = document.createElement("ul");
    list.className = "choices";
    list.setAttribute("data-testid", "occupation-suggestions");
    list.setAttribute("aria-label", box.dataset.labelPick);
    items.forEach(function (item) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-small button-secondary";
      button.setAttribute("data-testid", "occupation-suggestion");
      button.setAttribute("data-code", item.code);
      button.textContent = item.title + " · KldB " + item.code;
      button.addEventListener("click", function () { onPick(item); });
      li.appendChild(button);
      list.appendChild(li);
    });
    if (reset) {
      var li = document.createElement("li");
      var undo = document.createElement("button");
      undo.type = "button";
      undo.className = "button button-small button-secondary";
      undo.setAttribute("data-testid", "occupation-reset");
      undo.textContent = box.dataset.labelReset;
      undo.addEventListener("click", reset);
      li.appendChild(undo);
      list.appendChild(li);
    }
    if (items.length) {
      var label = document.createElement("p");
      label.className = "hint";
      label.textContent = box.dataset.labelPick;
      holder.appendChild(label);
    }
    holder.appendChild(list);
  }

  function debounce(fn) {
    var timer = null;
    return function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fn, DELAY);
    };
  }

  // A slot: one title, and a separate field for the confirmed code.
  function single(box, input) {
    var codeInput = document.getElementById(input.dataset.occupationCode);
    var line = box.querySelector("[aria-live]");

    function fail() { setLine(line, box.dataset.labelFailed); }

    function showCode(code) {
      return fetchPicker(box, code).then(function (data) {
        if (data.recognised && data.recognised.confirmed) {
          setLine(line, describe(box, data.recognised, true));
        } else {
          setLine(line, box.dataset.labelUnknown);
        }
      });
    }

    function refresh() {
      var title = input.value.trim();
      var code = codeInput.value.replace(/\s/g, "");
      var pending = [];
      if (/^\d{5}(\d{4})?$/.test(code)) {
        pending.push(showCode(code.slice(0, 5)));
      }
      if (!title) {
        if (!code) { setLine(line, ""); }
        renderSuggestions(box, [], pick, code ? reset : null);
        return Promise.all(pending).catch(fail);
      }
      pending.push(fetchPicker(box, title).then(function (data) {
        var others = data.suggestions.slice();
        if (!code) {
          setLine(line, data.recognised ? describe(box, data.recognised, false) : box.dataset.labelNone);
        } else if (data.recognised && data.recognised.code !== code.slice(0, 5)) {
          others.unshift(data.recognised);  // the guess is one of the choices once a code is set
        }
        renderSuggestions(box, others.filter(function (item) { return item.code !== code.slice(0, 5); }),
                          pick, code ? reset : null);
      }));
      return Promise.all(pending).catch(fail);
    }

    function pick(item) {
      codeInput.value = item.code;
      refresh();
    }

    function reset() {
      codeInput.value = "";
      refresh();
      input.focus();
    }

    var later = debounce(refresh);
    input.addEventListener("input", later);
    codeInput.addEventListener("input", later);
    if (input.value.trim() || codeInput.value.trim()) { refresh(); }
  }

  // Prior occupations: comma-separated entries, each "Name:Jahre (KldB 12345)".
  function entries(box, input) {
    var list = box.querySelector("[aria-live]");

    function parts() {
      return input.value.split(SEPARATOR).map(function (raw) {
        var found = raw.match(CODE_BRACKET);
        var name = raw.replace(CODE_BRACKET, " ").split(":")[0].replace(/\s+/g, " ").trim();
        return { raw: raw, name: name, code: found ? found[1].replace(/\s/g, "").slice(0, 5) : "" };
      });
    }

    function current(all) {
      // The entry under the caret, or the last one with a name.
      var caret = input.selectionStart === null ? input.value.length : input.selectionStart;
      var offset = 0;
      for (var i = 0; i < all.length; i += 1) {
        offset += all[i].raw.length + 1;
        if (caret < offset && all[i].name) { return i; }
      }
      for (var j = all.length - 1; j >= 0; j -= 1) { if (all[j].name) { return j; } }
      return -1;
    }

    function pick(index, item) {
      var all = parts();
      var entry = all[index];
      var kept = entry.raw.replace(CODE_BRACKET, "").replace(/\s+$/, "");
      all[index].raw = (index ? " " : "") + kept.trim() + " (KldB " + item.code + ")";
      input.value = all.map(function (part) { return part.raw; }).join(",");
      refresh();
    }

    function refresh() {
      var all = parts();
      var active = current(all);
      var named = all.filter(function (part) { return part.name; });
      var requests = named.map(function (part) { return fetchPicker(box, part.code || part.name); });
      return Promise.all(requests).then(function (answers) {
        list.textContent = "";
        named.forEach(function (part, i) {
          var li = document.createElement("li");
          li.setAttribute("data-testid", "occupation-item");
          li.appendChild(document.createTextNode(part.name + ": "));
          var found = answers[i].recognised;
          if (found) {
            li.appendChild(describe(box, found, Boolean(part.code)));
          } else {
            li.appendChild(document.createTextNode(part.code ? box.dataset.labelUnknown : box.dataset.labelUnrecognised));
          }
          list.appendChild(li);
        });
        if (active < 0) { renderSuggestions(box, [], null, null); return null; }
        return fetchPicker(box, all[active].name).then(function (data) {
          var options = (data.recognised ? [data.recognised] : []).concat(data.suggestions)
            .filter(function (item) { return item.code !== all[active].code; });
          renderSuggestions(box, options, function (item) { pick(active, item); }, null);
        });
      }).catch(function () {
        list.textContent = box.dataset.labelFailed;
      });
    }

    input.addEventListener("input", debounce(refresh));
    input.addEventListener("focus", refresh);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-occupation-box]"), function (box) {
    var input = document.getElementById(box.dataset.occupationBox);
    if (!input || !window.fetch) { return; }
    box.classList.add("is-live");
    if (input.dataset.occupation === "single") { single(box, input); } else { entries(box, input); }
  });
})();
