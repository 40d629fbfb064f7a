// Injected before any page script (CDP Page.addScriptToEvaluateOnNewDocument) by
// benchmarks/page_settle.py; __EXPECTED_CHARTS__ and __QUIET_MS__ are filled in per page.
//
// "Settled" = every chart's SVG drawn AND no Dash callback pending, by the page's own clock
// (performance.now(), 0 = navigation start). Pending is read two ways:
// - Dash's renderer state: dash-renderer puts its redux store on window.store, and a callback
//   waiting or running sits in one of store.getState().callbacks' queues (requested,
//   prioritized, blocked, executing, watched, executed; "stored" and "completed" are history).
//   This is what Dash's own test harness waits on: dash/testing/dash_page.py, redux_state_rqs
//   and _wait_for_callbacks (github.com/plotly/dash). state.isLoading is the renderer's
//   "a callback is loading" flag (dash-renderer lib/components/core/Loading.react.js).
// - every POST to _dash-update-component in flight, counted by wrapping window.fetch (the
//   renderer calls the global fetch for each callback) until its body has been read.
// The state must hold for __QUIET_MS__ in a row (a callback chained after the charts would
// break it); the time reported is when that quiet stretch began.
(function () {
  var expectedCharts = __EXPECTED_CHARTS__;
  var quietMs = __QUIET_MS__;
  var giveUpMs = 30000;
  var inFlight = 0;
  var nativeFetch = window.fetch;
  window.fetch = function (input) {
    var url = typeof input === "string" ? input : (input && input.url) || String(input);
    var answer = nativeFetch.apply(this, arguments);
    if (url.indexOf("_dash-update-component") < 0) {
      return answer;
    }
    inFlight += 1;
    var done = function () { inFlight -= 1; };
    return answer.then(
      function (response) {
        response.clone().arrayBuffer().then(done, done);
        return response;
      },
      function (error) { done(); throw error; }
    );
  };

  function pendingCallbacks() {
    if (!window.store) {
      return -1; // the renderer has not started yet
    }
    var state = window.store.getState();
    var queues = state.callbacks || {};
    var count = state.isLoading ? 1 : 0;
    Object.keys(queues).forEach(function (name) {
      if (name !== "stored" && name !== "completed" && Array.isArray(queues[name])) {
        count += queues[name].length;
      }
    });
    return count;
  }

  function chartsDrawn() {
    var plots = document.querySelectorAll(".js-plotly-plot");
    var drawn = 0;
    for (var i = 0; i < plots.length; i++) {
      if (plots[i].querySelector(".main-svg")) {
        drawn += 1;
      }
    }
    return drawn;
  }

  var result = { drawnAt: null, settledAt: null, expected: expectedCharts };
  var quietSince = null;
  function check() {
    var now = performance.now();
    var content = document.getElementById("_pages_content");
    var drawn = chartsDrawn();
    var pending = pendingCallbacks();
    var pageThere = content !== null && content.childElementCount > 0;
    var chartsDone = pageThere && drawn >= expectedCharts;
    if (chartsDone && result.drawnAt === null) {
      result.drawnAt = now;
    }
    if (chartsDone && pending === 0 && inFlight === 0) {
      if (quietSince === null) {
        quietSince = now;
      }
      if (now - quietSince >= quietMs) {
        result.settledAt = quietSince;
        result.charts = drawn;
        window.__benchSettled = result;
        return;
      }
    } else {
      quietSince = null;
    }
    if (now > giveUpMs) {
      result.charts = drawn;
      result.pending = pending;
      result.inFlight = inFlight;
      result.timedOut = true;
      window.__benchSettled = result;
      return;
    }
    requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
})();
