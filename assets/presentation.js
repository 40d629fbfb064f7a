/* Presentation mode (dashboard/pages/presentatie.py): slide changes happen here, in the
   browser, so a presenter clicker gets an answer at once. Clickers send PageDown/PageUp (some
   send the arrow keys or space); Home/End jump to the first/last slide; N shows the notes.
   The current slide goes to the URL (`dia`, replaceState), to an aria-live region, to the
   keyboard focus (the slide's title) and to the notes window (/presentatie/notities) via a
   BroadcastChannel, with localStorage as fallback. All listeners sit on the document because
   Dash renders the page after this script has run. */
(function () {
  var CHANNEL = "talent-presentation";
  var STORAGE_KEY = "talent-presentation-slide";
  var channel = "BroadcastChannel" in window ? new BroadcastChannel(CHANNEL) : null;
  var NEXT = {"ArrowRight": true, "ArrowDown": true, "PageDown": true, " ": true,
              "Spacebar": true};
  var PREVIOUS = {"ArrowLeft": true, "ArrowUp": true, "PageUp": true, "Backspace": true};

  function liveDeck() {
    var root = document.getElementById("deck");
    return root && !root.classList.contains("is-print") ? root : null;
  }

  function numbers(root) {
    return {current: parseInt(root.dataset.current, 10) || 1,
            total: parseInt(root.dataset.total, 10) || 1};
  }

  function broadcast(root, number) {
    var message = {dia: number, deck: root.dataset.query || ""};
    if (channel) { channel.postMessage(message); }
    try { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(message)); } catch (e) { /* private mode */ }
  }

  function show(number, announce) {
    var root = liveDeck();
    if (!root) { return; }
    var total = numbers(root).total;
    number = Math.min(Math.max(number, 1), total);
    var slides = root.querySelectorAll("section.slide");
    var current = null;
    slides.forEach(function (slide, index) {
      var on = index + 1 === number;
      slide.hidden = !on;
      slide.classList.toggle("is-current", on);
      if (on) { current = slide; }
    });
    root.dataset.current = String(number);
    var counter = document.getElementById("deck-counter");
    if (counter) { counter.textContent = number + " / " + total; }
    var url = new URL(window.location.href);
    url.searchParams.set("dia", String(number));
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
    if (announce && current) {
      var live = document.getElementById("deck-live");
      if (live) {
        live.textContent = (root.dataset.announce || "{current} / {total}")
          .replace("{current}", number).replace("{total}", total)
          .replace("{title}", current.dataset.title || "");
      }
      var title = current.querySelector(".slide-title");
      if (title) { title.focus({preventScroll: true}); }
    }
    // A chart drawn while its slide was hidden has the wrong width; plotly's responsive
    // handler listens to window resizes.
    window.dispatchEvent(new Event("resize"));
    broadcast(root, number);
  }

  function toggleNotes() {
    var root = liveDeck();
    if (!root) { return; }
    var on = !root.classList.contains("show-notes");
    root.classList.toggle("show-notes", on);
    root.querySelectorAll(".slide-notes").forEach(function (aside) { aside.hidden = !on; });
    var button = document.getElementById("deck-notes-toggle");
    if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
  }

  document.addEventListener("keydown", function (event) {
    var root = liveDeck();
    if (!root || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") { return; }
    var key = event.key;
    var onControl = tag === "BUTTON" || tag === "A";
    if ((key === " " || key === "Enter") && onControl) { return; }  // activates the control
    var now = numbers(root);
    var target = null;
    if (key === " " && event.shiftKey) { target = now.current - 1; }
    else if (NEXT[key]) { target = now.current + 1; }
    else if (PREVIOUS[key]) { target = now.current - 1; }
    else if (key === "Home") { target = 1; }
    else if (key === "End") { target = now.total; }
    else if (key === "n" || key === "N") { event.preventDefault(); toggleNotes(); return; }
    else { return; }
    event.preventDefault();
    show(target, true);
  });

  document.addEventListener("click", function (event) {
    var control = event.target.closest ? event.target.closest("button") : null;
    if (!control) { return; }
    var root = liveDeck();
    if (control.id === "deck-print") { window.print(); return; }
    if (!root) { return; }
    var now = numbers(root);
    if (control.id === "deck-next") { show(now.current + 1, true); }
    else if (control.id === "deck-previous") { show(now.current - 1, true); }
    else if (control.id === "deck-notes-toggle") { toggleNotes(); }
  });

  /* The notes window follows the presentation. */
  function follow(message) {
    var notes = document.getElementById("deck-notes");
    if (!notes || !message || !message.dia) { return; }
    var total = parseInt(notes.dataset.total, 10) || 1;
    var number = Math.min(Math.max(parseInt(message.dia, 10) || 1, 1), total);
    notes.querySelectorAll(".notes-slide").forEach(function (section, index) {
      section.hidden = index + 1 !== number;
    });
    notes.dataset.current = String(number);
  }
  if (channel) { channel.onmessage = function (event) { follow(event.data); }; }
  window.addEventListener("storage", function (event) {
    if (event.key !== STORAGE_KEY || !event.newValue) { return; }
    try { follow(JSON.parse(event.newValue)); } catch (e) { /* not ours */ }
  });

  /* Once Dash has rendered the page: focus the slide (so the clicker works at once) or, in
     the print view opened by "Exporteer naar PDF", print when every chart is drawn. */
  var started = null;
  var waited = 0;
  var poll = window.setInterval(function () {
    waited += 1;
    var root = document.getElementById("deck");
    if (waited > 150) { window.clearInterval(poll); return; }
    if (!root || started === root) { return; }
    if (root.classList.contains("is-print")) {
      var wanted = root.querySelectorAll(".slide-figure").length;
      if (root.querySelectorAll(".slide-figure .main-svg").length < wanted) { return; }
      started = root;
      window.clearInterval(poll);
      if (window.location.hash === "#print") {
        window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
        window.setTimeout(function () { window.print(); }, 300);
      }
      return;
    }
    started = root;
    window.clearInterval(poll);
    var current = root.querySelector("section.slide.is-current .slide-title");
    if (current) { current.focus({preventScroll: true}); }
    broadcast(root, numbers(root).current);
  }, 100);
})();
