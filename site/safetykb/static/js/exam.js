/* SafetyKB exam page (assessments/take.html).
 *
 * - one question per screen with a question map, or the whole paper on one page;
 * - every answer is POSTed as JSON the moment it is given; a failed save is retried with
 *   back-off and the page says "未保存" until the server has it;
 * - the countdown runs from the seconds the server rendered and is re-synced from every
 *   save and state response (a monotonic clock, so a wrong phone clock does not matter);
 * - at zero the form is submitted; the server closes the attempt at its deadline anyway.
 * The page never holds an answer key: only stems, options and the examinee's own answers.
 */
(function () {
  "use strict";

  var form = document.getElementById("exam-paper");
  if (!form) return;

  var SAVE_URL = form.dataset.saveUrl;
  var STATE_URL = form.dataset.stateUrl;
  var LOW_TIME_SECONDS = 300;
  var MAX_RETRY_DELAY_MS = 15000;
  var FILL_DEBOUNCE_MS = 700;
  var STATE_POLL_MS = 60000;

  var csrfToken = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var questions = Array.prototype.slice.call(form.querySelectorAll(".exam-q"));
  var mapItems = {};
  Array.prototype.forEach.call(form.querySelectorAll("[data-goto]"), function (item) {
    mapItems[item.dataset.goto] = item;
  });
  var saveState = form.querySelector("[data-save-state]");
  var countdown = form.querySelector("[data-countdown]");
  var timer = form.querySelector(".exam-timer");
  var answeredCount = form.querySelector("[data-answered-count]");
  var nav = form.querySelector("[data-nav]");
  var position = form.querySelector("[data-position]");
  var toggle = form.querySelector("[data-toggle-layout]");
  var dialog = document.getElementById("submit-dialog");
  var overlay = document.querySelector("[data-overlay]");
  var storageKey = "exam:" + SAVE_URL;

  var slots = {}; // number -> {el, dirty, inFlight, failures, retryTimer, error}
  var current = 0;
  var closed = false; // submitted, expired or being submitted: no more saves
  var endsAt = monotonic() + Number(form.dataset.remaining) * 1000;
  var lastSavedAt = "";

  function monotonic() {
    return window.performance && performance.now ? performance.now() : Date.now();
  }

  questions.forEach(function (el) {
    slots[el.dataset.number] = {
      el: el, dirty: false, inFlight: false, failures: 0, retryTimer: null, error: "",
      saved: JSON.stringify(responseOf(el)) // what the server holds, as last sent
    };
  });

  // --- reading answers -------------------------------------------------------------

  function responseOf(el) {
    if (el.dataset.type === "fill") {
      var text = el.querySelector("input[type=text]").value.trim();
      return text ? [text] : [];
    }
    return Array.prototype.filter
      .call(el.querySelectorAll("input"), function (input) { return input.checked; })
      .map(function (input) { return input.value; });
  }

  function unanswered() {
    return questions
      .filter(function (el) { return responseOf(el).length === 0; })
      .map(function (el) { return el.dataset.number; });
  }

  // --- saving ----------------------------------------------------------------------

  function queueSave(number) {
    var slot = slots[number];
    if (!slot || closed) return;
    slot.dirty = true;
    slot.error = "";
    if (slot.retryTimer) {
      clearTimeout(slot.retryTimer);
      slot.retryTimer = null;
    }
    if (!slot.inFlight && JSON.stringify(responseOf(slot.el)) === slot.saved) {
      slot.dirty = false; // back to what is saved already (e.g. a fill box blurred)
      slot.failures = 0;
    } else if (!slot.inFlight) {
      send(number);
    }
    refresh();
  }

  function send(number) {
    var slot = slots[number];
    if (closed) return;
    var response = responseOf(slot.el);
    slot.dirty = false;
    slot.inFlight = true;
    refresh();
    fetch(SAVE_URL, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrfToken,
        "X-Requested-With": "fetch"
      },
      body: JSON.stringify({ slot: Number(number), response: response })
    })
      .then(function (reply) {
        return reply.json().catch(function () { return {}; }).then(function (data) {
          return { status: reply.status, data: data };
        });
      })
      .then(function (reply) {
        slot.inFlight = false;
        var data = reply.data || {};
        if (typeof data.remaining_seconds === "number") syncClock(data.remaining_seconds);
        if (reply.status === 200 && data.ok) {
          slot.failures = 0;
          slot.saved = JSON.stringify(response);
          // The form's answer now rests on this step: a submit from here may store it.
          var base = slot.el.querySelector("[data-base]");
          if (base && data.step) base.value = String(data.step);
          lastSavedAt = data.saved_at || lastSavedAt;
          if (slot.dirty) send(number); // changed again while this save was on its way
        } else if (reply.status === 409) {
          onClosed(data);
        } else if (reply.status === 400 || reply.status === 404) {
          slot.error = data.error || "答案无法保存。";
        } else {
          // 5xx, 401/403 (session or CSRF trouble) or a proxy error page: keep trying.
          slot.error = reply.status === 401 || reply.status === 403 ? (data.error || "登录已失效，请刷新页面后继续。") : "";
          retry(number);
        }
        refresh();
      }, function () {
        slot.inFlight = false;
        retry(number);
        refresh();
      });
  }

  function retry(number) {
    var slot = slots[number];
    if (closed) return;
    slot.dirty = true;
    slot.failures += 1;
    var delay = Math.min(MAX_RETRY_DELAY_MS, 1000 * Math.pow(2, slot.failures - 1));
    slot.retryTimer = setTimeout(function () {
      slot.retryTimer = null;
      if (slot.dirty && !slot.inFlight) send(number);
    }, delay);
  }

  function retryAllNow() {
    Object.keys(slots).forEach(function (number) {
      var slot = slots[number];
      if (slot.dirty && !slot.inFlight) {
        if (slot.retryTimer) clearTimeout(slot.retryTimer);
        slot.retryTimer = null;
        send(number);
      }
    });
  }

  function pendingCount() {
    return Object.keys(slots).filter(function (n) {
      return slots[n].dirty || slots[n].inFlight || slots[n].error;
    }).length;
  }

  // --- showing state ---------------------------------------------------------------

  function refresh() {
    var failing = false, busy = false, message = "";
    var answered = 0;
    Object.keys(slots).forEach(function (number) {
      var slot = slots[number];
      var has = responseOf(slot.el).length > 0;
      answered += has ? 1 : 0;
      var unsaved = slot.dirty || slot.inFlight || !!slot.error;
      if (slot.failures > 0 || slot.error) failing = true;
      if (slot.error && !message) message = "第" + number + "题未保存：" + slot.error;
      if (slot.dirty || slot.inFlight) busy = true;
      var item = mapItems[number];
      if (item) {
        item.classList.toggle("is-answered", has);
        item.classList.toggle("is-unsaved", unsaved);
        item.title = "第" + number + "题" + (has ? "（已答）" : "（未答）") + (unsaved ? "（未保存）" : "");
      }
    });
    if (answeredCount) answeredCount.textContent = answered;
    var pending = pendingCount();
    form.dataset.pending = String(pending);
    if (!saveState) return;
    saveState.classList.remove("is-saved", "is-saving", "is-error");
    if (failing) {
      saveState.classList.add("is-error");
      saveState.textContent = message || "未保存，正在重试…";
    } else if (busy) {
      saveState.classList.add("is-saving");
      saveState.textContent = "保存中…";
    } else {
      saveState.classList.add("is-saved");
      saveState.textContent = lastSavedAt ? "已保存 " + lastSavedAt : "已保存";
    }
  }

  // --- the clock -------------------------------------------------------------------

  function syncClock(seconds) {
    endsAt = monotonic() + seconds * 1000;
  }

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function tick() {
    var leftMs = endsAt - monotonic();
    var left = Math.max(0, Math.ceil(leftMs / 1000));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    countdown.textContent = (h ? h + ":" + pad(m) : pad(m)) + ":" + pad(s);
    timer.classList.toggle("is-low", left <= LOW_TIME_SECONDS);
    if (leftMs <= 0 && !closed) submitNow(true);
  }

  function pollState() {
    if (closed) return;
    fetch(STATE_URL, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (reply) {
        return reply.json().then(function (data) { return { status: reply.status, data: data }; });
      })
      .then(function (reply) {
        if (reply.status === 409) onClosed(reply.data);
        else if (reply.data && typeof reply.data.remaining_seconds === "number") {
          syncClock(reply.data.remaining_seconds);
        }
      }, function () { /* offline: the next poll or save re-syncs */ });
  }

  function onClosed(data) {
    closed = true;
    showOverlay((data && data.error ? data.error : "本次考试已交卷。") + " 正在打开成绩页…");
    setTimeout(function () {
      window.location.href = (data && data.result_url) || form.dataset.resultUrl;
    }, 1500);
  }

  function showOverlay(text) {
    if (!overlay) return;
    overlay.querySelector("[data-overlay-text]").textContent = text;
    overlay.hidden = false;
  }

  // --- submitting ------------------------------------------------------------------

  function submitNow(auto) {
    closed = true;
    form.elements.auto.value = auto ? "1" : "0";
    showOverlay(auto ? "考试时间到，正在自动交卷…" : "正在交卷…");
    if (dialog && dialog.open) dialog.close();
    // The form carries every answer; the server stores any that a save had not yet.
    HTMLFormElement.prototype.submit.call(form);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (closed) return;
    var missing = unanswered();
    var summary = missing.length
      ? "还有 " + missing.length + " 题未作答：第 " + missing.join("、") + " 题。确定交卷吗？"
      : "已全部作答，共 " + questions.length + " 题。确定交卷吗？";
    if (dialog && typeof dialog.showModal === "function") {
      dialog.querySelector("[data-unanswered-summary]").textContent = summary;
      dialog.showModal();
    } else if (window.confirm(summary + "交卷后不能再修改答案。")) {
      submitNow(false);
    }
  });

  if (dialog) {
    dialog.querySelector("[data-cancel]").addEventListener("click", function () {
      dialog.close();
      var missing = unanswered();
      if (missing.length) goTo(questions.indexOf(slots[missing[0]].el));
    });
    dialog.querySelector("[data-confirm]").addEventListener("click", function () {
      submitNow(false);
    });
  }

  // --- answering -------------------------------------------------------------------

  var fillTimers = {};
  form.addEventListener("change", function (event) {
    var el = event.target.closest(".exam-q");
    if (!el) return;
    clearTimeout(fillTimers[el.dataset.number]);
    queueSave(el.dataset.number);
  });
  form.addEventListener("input", function (event) {
    var el = event.target.closest(".exam-q");
    if (!el || el.dataset.type !== "fill") return;
    var number = el.dataset.number;
    slots[number].dirty = true;
    refresh();
    clearTimeout(fillTimers[number]);
    fillTimers[number] = setTimeout(function () { queueSave(number); }, FILL_DEBOUNCE_MS);
  });
  form.addEventListener("keydown", function (event) {
    // Enter in a fill-in box must not submit the paper.
    if (event.key === "Enter" && event.target.matches("input[type=text]")) {
      event.preventDefault();
      event.target.blur();
    }
  });

  // --- one question at a time ------------------------------------------------------

  function oneByOne() { return form.classList.contains("one-by-one"); }

  function goTo(index, quiet) {
    if (index < 0 || index >= questions.length) return;
    current = index;
    questions.forEach(function (el, i) { el.classList.toggle("is-current", i === index); });
    Object.keys(mapItems).forEach(function (n) {
      mapItems[n].classList.toggle("is-current", n === questions[index].dataset.number);
    });
    position.textContent = (index + 1) + " / " + questions.length;
    nav.querySelector("[data-prev]").disabled = index === 0;
    nav.querySelector("[data-next]").disabled = index === questions.length - 1;
    try { sessionStorage.setItem(storageKey + ":current", String(index)); } catch (e) { /* private mode */ }
    if (!quiet) reveal(questions[index]);
  }

  function reveal(el) {
    // Bring the question's top just below the sticky bar (a long previous one may have
    // left the page scrolled far down).
    var bar = form.querySelector(".exam-bar");
    var top = el.getBoundingClientRect().top - (bar ? bar.offsetHeight : 0) - 8;
    if (!oneByOne() || top < 0) window.scrollBy(0, top);
  }

  function setLayout(single) {
    form.classList.toggle("one-by-one", single);
    nav.hidden = !single;
    toggle.textContent = single ? "整卷显示" : "逐题作答";
    try { sessionStorage.setItem(storageKey + ":layout", single ? "one" : "all"); } catch (e) { /* ignore */ }
  }

  Object.keys(mapItems).forEach(function (number) {
    mapItems[number].addEventListener("click", function (event) {
      event.preventDefault();
      goTo(questions.indexOf(slots[number].el));
    });
  });
  nav.querySelector("[data-prev]").addEventListener("click", function () { goTo(current - 1); });
  nav.querySelector("[data-next]").addEventListener("click", function () { goTo(current + 1); });
  toggle.addEventListener("click", function () { setLayout(!oneByOne()); goTo(current, true); });
  toggle.hidden = false;

  // --- start -----------------------------------------------------------------------

  var storedLayout = null, storedIndex = null;
  try {
    storedLayout = sessionStorage.getItem(storageKey + ":layout");
    storedIndex = sessionStorage.getItem(storageKey + ":current");
  } catch (e) { /* ignore */ }
  setLayout(storedLayout !== "all");
  var firstOpen = unanswered()[0];
  var startIndex = storedIndex !== null ? Number(storedIndex)
    : (firstOpen ? questions.indexOf(slots[firstOpen].el) : 0);
  goTo(Math.min(Math.max(startIndex, 0), questions.length - 1), true);
  refresh();
  tick();
  setInterval(tick, 500);
  setInterval(pollState, STATE_POLL_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { pollState(); retryAllNow(); }
  });
  window.addEventListener("online", retryAllNow);
  window.addEventListener("beforeunload", function (event) {
    if (!closed && pendingCount() > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
