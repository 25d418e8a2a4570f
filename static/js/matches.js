// While a re-match runs after a save, the page asks every two seconds whether it is done, then
// loads itself once more, so the list shows the new proposals. Without JavaScript the note keeps
// its "Neu laden" link.
(function () {
  var note = document.querySelector('[data-testid="matches-updating"]');
  if (!note) { return; }
  var url = note.getAttribute('data-status-url');
  var tries = 0;
  function ask() {
    tries += 1;
    if (tries > 60) { return; }  // two minutes: the note and its link stay
    fetch(url, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (response) { return response.ok ? response.json() : {updating: true}; })
      .then(function (status) {
        if (status.updating) { window.setTimeout(ask, 2000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(ask, 2000); });
  }
  window.setTimeout(ask, 1000);
})();
