/* Accessibility repairs for components we take from libraries, applied whenever Dash
   re-renders part of the page (tests/browser/test_accessibility.py checks the result).

   1. Dash 4's dcc.Dropdown names its button only by the current value ("Hengelo"), not by
      its <label for>, so screen readers announce a value without saying which setting it
      is. We label the button by its <label> and then by itself (its shown text), so it
      reads "Gemeente, Hengelo", and a multi-select "Vergelijk met, Twente, Nederland, 2
      gekozen": the shown text exactly, in the shown order, which speech-input users can
      say as they see it (WCAG 2.5.3, label in name).

   2. dash-bootstrap-components' RadioItems renders native radio buttons but gives them no
      shared `name`, so the browser treats each one as a group of its own: two Tab stops,
      no arrow keys, "1 of 1". We name each group after its container's id, which makes it
      one native radio group. React does not manage `name` on these inputs, so it stays.

   3. dcc.Upload puts an invisible, unnamed file input beside the button we give it. The
      button already opens the file dialog, so the input leaves the Tab order and takes the
      button's text as its name, for screen readers that still find it. */
(function () {
  function nameDropdowns(root) {
    root.querySelectorAll("button.dash-dropdown[id]").forEach(function (button) {
      var label = document.querySelector('label[for="' + CSS.escape(button.id) + '"]');
      if (!label || !label.id) { return; }
      var wanted = label.id + " " + button.id;
      if (button.getAttribute("aria-labelledby") !== wanted) {
        button.setAttribute("aria-labelledby", wanted);
      }
    });
  }
  function groupRadios(root) {
    root.querySelectorAll(".view-toggle[id]").forEach(function (group) {
      group.querySelectorAll('input[type="radio"]').forEach(function (input) {
        if (input.name !== group.id) { input.name = group.id; }
      });
    });
  }
  function nameUploads(root) {
    root.querySelectorAll('input[type="file"]').forEach(function (input) {
      var button = input.parentElement && input.parentElement.querySelector("button");
      if (!button) { return; }
      var name = button.textContent.trim();
      if (input.getAttribute("aria-label") !== name) { input.setAttribute("aria-label", name); }
      if (input.tabIndex !== -1) { input.tabIndex = -1; }
    });
  }
  function repair() {
    nameDropdowns(document);
    groupRadios(document);
    nameUploads(document);
  }
  var scheduled = false;
  var observer = new MutationObserver(function () {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () {
      scheduled = false;
      repair();
    });
  });
  function start() {
    observer.observe(document.body, {childList: true, subtree: true, attributes: true,
                                     attributeFilter: ["aria-labelledby"]});
    repair();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
