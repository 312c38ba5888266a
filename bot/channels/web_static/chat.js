// The web chat page: sends what the person types or taps to the bot's own server and shows
// the replies. No other server is contacted. Words come from the page (data-* attributes).
(function () {
  "use strict";
  var root = document.getElementById("chat");
  var log = document.getElementById("log");
  var form = document.getElementById("form");
  var input = document.getElementById("text");
  var send = form.querySelector("button");
  var status = document.getElementById("status");
  var words = root.dataset;
  var counter = 0;
  var busy = false;

  function add(who, content, isHtml) {
    var box = document.createElement("div");
    box.className = "msg " + who;
    var name = document.createElement("span");
    name.className = "who";
    name.textContent = who === "user" ? words.you : words.bot;
    var text = document.createElement("div");
    text.className = "text";
    // Bot replies are HTML the server rendered with every value escaped; typed text is not.
    if (isHtml) { text.innerHTML = content; } else { text.textContent = content; }
    box.appendChild(name);
    box.appendChild(text);
    log.appendChild(box);
    return box;
  }

  function addChoices(box, choices) {
    if (!choices.length) { return; }
    var list = document.createElement("ul");
    list.className = "choices";
    list.setAttribute("aria-label", words.choices);
    choices.forEach(function (choice) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = choice.label;
      button.dataset.payload = choice.payload;
      item.appendChild(button);
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function post(body) {
    if (busy) { return; }
    busy = true;
    send.disabled = true;
    status.textContent = words.sending;
    counter += 1;
    body.id = Date.now().toString(36) + "-" + counter;
    fetch(words.api, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-Motcua-Session": words.session},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json();
    }).then(function (data) {
      status.textContent = "";
      (data.replies || []).forEach(function (reply) {
        addChoices(add("bot", reply.html, true), reply.choices || []);
      });
      log.scrollTop = log.scrollHeight;
    }).catch(function () {
      status.textContent = words.failed;
    }).then(function () {
      busy = false;
      send.disabled = false;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || busy) { return; }
    add("user", text, false);
    input.value = "";
    post({text: text});
  });

  log.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-payload]");
    if (!button || busy) { return; }
    add("user", button.textContent, false);
    post({payload: button.dataset.payload});
  });

  // A QR code's link: /chat?start=tt_1_004194 opens that procedure's card at once.
  var start = new URLSearchParams(window.location.search).get("start");
  if (start && /^[A-Za-z0-9_-]{1,64}$/.test(start)) {
    post({text: "/start " + start});
  }
})();
