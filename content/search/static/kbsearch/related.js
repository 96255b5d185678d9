// "相关条款": fetch the list the first time a <details class="related"> is opened.
(function () {
  "use strict";
  function load(details) {
    if (details.dataset.loaded) return;
    details.dataset.loaded = "1";
    var body = details.querySelector(".related-body");
    body.textContent = "正在加载…";
    fetch(details.dataset.relatedUrl, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) { body.innerHTML = html; })
      .catch(function () {
        body.textContent = "相关条款暂时无法加载，请稍后再试。";
        delete details.dataset.loaded;
      });
  }
  // toggle does not bubble: listen in the capture phase.
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.matches && details.matches("details.related") && details.open) load(details);
  }, true);
})();
