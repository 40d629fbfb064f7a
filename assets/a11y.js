/* Accessibility repairs for Dash 4's dcc.Dropdown, whose button is named only by its current
   value ("Hengelo"), not by its <label for>. Screen readers then announce a value without
   saying which setting it is. We add the label's id in front of aria-labelledby, so the
   button reads "Gemeente, Hengelo". Runs whenever Dash re-renders part of the page. */
(function () {
  function nameDropdowns(root) {
    var buttons = root.querySelectorAll ? root.querySelectorAll("button.dash-dropdown[id]") : [];
    buttons.forEach(function (button) {
      var label = document.querySelector('label[for="' + CSS.escape(button.id) + '"]');
      if (!label || !label.id) { return; }
      var current = button.getAttribute("aria-labelledby") || "";
      var ids = current.split(/\s+/).filter(function (id) {
        return id && document.getElementById(id);  // drop references to ids that do not exist
      });
      if (ids[0] !== label.id) {
        ids = [label.id].concat(ids.filter(function (id) { return id !== label.id; }));
        button.setAttribute("aria-labelledby", ids.join(" "));
      }
    });
  }
  var scheduled = false;
  var observer = new MutationObserver(function () {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () {
      scheduled = false;
      nameDropdowns(document);
    });
  });
  function start() {
    observer.observe(document.body, {childList: true, subtree: true, attributes: true,
                                     attributeFilter: ["aria-labelledby"]});
    nameDropdowns(document);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
