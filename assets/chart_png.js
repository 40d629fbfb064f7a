/* "Download PNG" under every chart (dashboard/components/chart_card.py): the keyboard's way
   to what the modebar's camera does with the mouse. It asks plotly.js for the same image
   (twice the shown size, as the modebar's toImageButtonOptions say) under the card's file
   name, e.g. enschede_share_18_35_2012-2024.png. One listener for the whole page, because
   Dash replaces cards' contents whenever the view changes. */
(function () {
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.download-png") : null;
    if (!button || !window.Plotly) { return; }
    var card = button.closest(".card");
    var chart = card && card.querySelector(".js-plotly-plot");
    if (!chart || !chart._fullLayout) { return; }
    window.Plotly.downloadImage(chart, {
      format: "png", scale: 2, filename: button.dataset.filename,
      width: chart._fullLayout.width, height: chart._fullLayout.height,
    });
  });
})();
