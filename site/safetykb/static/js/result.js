// 只看错题 without a reload: the links work on their own (?wrong=1); this only hides the
// collapsed correct answers in place and keeps the address in step.
(function () {
  "use strict";
  var filter = document.querySelector("[data-review-filter]");
  var list = document.querySelector("[data-review-list]");
  if (!filter || !list || list.classList.contains("only-wrong")) return;
  var link = filter.querySelector('[data-show="wrong"]');
  if (!link) return;
  var label = link.textContent;
  link.addEventListener("click", function (event) {
    event.preventDefault();
    var on = list.classList.toggle("hide-correct");
    link.textContent = on ? "显示全部题目" : label;
    history.replaceState(null, "", on ? "?wrong=1" : "?");
  });
})();
