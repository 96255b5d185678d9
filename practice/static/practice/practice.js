/* 每日一练: one question per screen, answers posted as JSON, queued in localStorage while
   offline and synced when the connection returns. The feedback (right answer, explanation,
   依据) only ever comes from the server's reply to an answer. Built with textContent. */
(function () {
  "use strict";
  var root = document.getElementById("practice");
  if (!root) return;
  var ANSWER_URL = root.dataset.answerUrl;
  var SYNC_URL = root.dataset.syncUrl;
  var QUEUE_KEY = root.dataset.queueKey;
  var csrfToken = root.querySelector("[name=csrfmiddlewaretoken]").value;
  var syncState = root.querySelector("[data-sync-state]");
  var questions = Array.prototype.slice.call(root.querySelectorAll("[data-question]"));

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0;
      return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
    });
  }

  function readQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; }
  }
  function writeQueue(queue) { localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); }
  function showQueue() {
    var n = readQueue().length;
    syncState.textContent = n ? "离线保存了 " + n + " 道题的作答，联网后自动同步。" : syncState.dataset.last || "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    });
  }

  // One question on screen at a time (without JavaScript every form shows).
  function show(index) {
    questions.forEach(function (form, i) {
      form.hidden = i !== index;
      var fav = form.nextElementSibling;
      if (fav && fav.classList.contains("practice-favourite")) fav.hidden = i !== index;
    });
    if (index >= questions.length) root.querySelector("[data-finished]").hidden = false;
  }

  function line(parent, text, cls) {
    var p = document.createElement("p");
    if (cls) p.className = cls;
    p.textContent = text;
    parent.appendChild(p);
    return p;
  }

  function renderFeedback(box, fb) {
    box.textContent = "";
    line(box, fb.correct ? "回答正确" : "回答错误", fb.correct ? "practice-right" : "practice-wrong");
    line(box, "正确答案：" + fb.right_answer);
    if (fb.explanation) line(box, "解析：" + fb.explanation);
    if (fb.provision_url) {
      var p = line(box, "依据：");
      var a = document.createElement("a");
      a.href = fb.provision_url;
      a.textContent = fb.provision_title;
      p.appendChild(a);
    } else if (fb.basis) {
      line(box, "依据：" + fb.basis);
    }
    if (fb.in_book) line(box, "已加入错题本。", "muted");
    box.hidden = false;
  }

  function responseOf(form) {
    var values = [];
    form.querySelectorAll("[name=response]").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value.trim()) values.push(input.value.trim());
    });
    return values;
  }

  function sync() {
    var queue = readQueue();
    if (!queue.length || !navigator.onLine) { showQueue(); return Promise.resolve(); }
    return post(SYNC_URL, { answers: queue }).then(function (reply) {
      if (reply.status !== 200) return;
      var done = {};
      var errors = [];
      reply.data.results.forEach(function (r) {
        done[r.client_id] = true;
        if (!r.ok) errors.push(r.error);
      });
      writeQueue(readQueue().filter(function (item) { return !done[item.client_id]; }));
      syncState.dataset.last = "已同步 " + Object.keys(done).length + " 道题的作答。" + (errors.length ? "未记录：" + errors.join("；") : "");
      showQueue();
    }).catch(showQueue);
  }

  questions.forEach(function (form, index) {
    var box = form.querySelector("[data-result]");
    var submit = form.querySelector("[data-submit]");
    var next = form.querySelector("[data-next]");
    next.addEventListener("click", function () { show(index + 1); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var response = responseOf(form);
      if (!response.length) { box.hidden = false; box.textContent = "请先作答再提交。"; return; }
      var item = {
        client_id: newId(),
        question_id: Number(form.dataset.questionId),
        version_id: Number(form.dataset.versionId),
        response: response,
        answered_at: new Date().toISOString()
      };
      submit.disabled = true;
      function queueIt() {
        var queue = readQueue();
        queue.push(item);
        writeQueue(queue);
        box.hidden = false;
        box.textContent = "已离线保存，联网后同步并显示对错。";
        showQueue();
        submit.hidden = true;
        next.hidden = false;
      }
      if (!navigator.onLine) { queueIt(); return; }
      post(ANSWER_URL, item).then(function (reply) {
        if (reply.status === 200) {
          renderFeedback(box, reply.data);
          submit.hidden = true;
          next.hidden = false;
        } else {
          submit.disabled = false;
          box.hidden = false;
          box.textContent = reply.data.error || "提交失败，请重试。";
        }
      }).catch(queueIt);
    });
  });

  show(0);
  window.addEventListener("online", sync);
  window.addEventListener("offline", showQueue);
  sync();
})();
