/* "Voeg toe aan presentatie" on every chart card (dashboard/components/chart_card.py): the
   current page, its URL state and the chart go into the deck being built. The deck lives in
   localStorage under "deck-draft", in the format dcc.Store(storage_type="local") uses, so
   /presentatie/samenstellen reads and edits the same deck. The result is announced in the
   header's live region (#share-status). */
(function () {
  var KEY = "deck-draft";
  var MAX_SLIDES = 40;

  function readDraft() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }

  function writeDraft(draft) {
    window.localStorage.setItem(KEY, JSON.stringify(draft));
    window.localStorage.setItem(KEY + "-timestamp", String(Date.now()));
  }

  function slideView(button) {
    var params = new URLSearchParams(window.location.search);
    params.delete("versie");  // the deck pins one vintage for all its slides
    if (button.dataset.indicator) { params.set("indicator", button.dataset.indicator); }
    var query = params.toString().replace(/%2C/g, ",");
    return window.location.pathname + (query ? "?" + query : "");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.add-to-deck") : null;
    if (!button) { return; }
    var card = button.closest(".card");
    var heading = card ? card.querySelector(".card-title") : null;
    var title = ((heading && heading.textContent) || document.title).trim().slice(0, 160);
    var versie = new URLSearchParams(window.location.search).get("versie") ||
      button.dataset.versie || null;
    var draft = readDraft();
    if (!draft || !Array.isArray(draft.slides)) {
      draft = {title_nl: button.dataset.deckTitle || "Presentatie", versie: versie, slides: []};
    }
    if (!draft.versie && versie) { draft.versie = versie; }
    if (draft.slides.length < MAX_SLIDES) {
      var slide = {view: slideView(button), chart: button.dataset.kind || "line",
                   title_nl: title, takeaway_nl: title, notes_nl: ""};
      // "per 1,000 inhabitants" is part of what the adviser saw (dashboard/presentation/decks.py).
      if (button.dataset.perThousandOf) { slide.per_1000_of = button.dataset.perThousandOf; }
      draft.slides.push(slide);
      writeDraft(draft);
    }
    var status = document.getElementById("share-status");
    if (status) {
      status.textContent = draft.slides.length === 1 && button.dataset.addedOne
        ? button.dataset.addedOne
        : (button.dataset.added || "{count}").replace("{count}", String(draft.slides.length));
    }
  });
})();
