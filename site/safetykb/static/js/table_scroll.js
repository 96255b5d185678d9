/* Wide tables on a phone (every `.table-scroll`): say they scroll sideways.
 *
 * A table wider than its container gets `is-overflowing` on the container and a visible
 * "左右滑动查看更多" line above it; the hint goes once the reader has scrolled to the end,
 * and both come back or go as the window is resized. Without JavaScript the table still
 * scrolls, and the CSS edge shadow still shows there is more.
 */
(function () {
  "use strict";

  var HINT = "左右滑动查看更多 →";

  function update(box, hint) {
    var overflowing = box.scrollWidth > box.clientWidth + 1;
    var atEnd = box.scrollLeft + box.clientWidth >= box.scrollWidth - 1;
    box.classList.toggle("is-overflowing", overflowing);
    hint.hidden = !overflowing || atEnd;
  }

  function setUp(box) {
    var hint = document.createElement("p");
    hint.className = "scroll-hint";
    hint.setAttribute("aria-hidden", "true"); // screen readers read the table, not swipes
    hint.textContent = HINT;
    box.parentNode.insertBefore(hint, box);
    var refresh = function () { update(box, hint); };
    box.addEventListener("scroll", refresh, { passive: true });
    window.addEventListener("resize", refresh);
    refresh();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".table-scroll"), setUp);
})();
