/* Clientside callbacks (registered in dashboard/components/shell.py). They run in the browser so
   the address bar, the links and the share button react without a server round trip. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  talent: {
    /* view-state -> address bar (replaceState: one history entry per page, not per click),
       <html lang>, navigation hrefs and the language switch href. */
    syncUrl: function (viewState) {
      var ctx = window.dash_clientside.callback_context;
      var noUpdate = window.dash_clientside.no_update;
      var navOutputs = (ctx && ctx.outputs_list && ctx.outputs_list[0]) || [];
      if (!viewState) {
        return [navOutputs.map(function () { return noUpdate; }), noUpdate];
      }
      var query = viewState.query || "";
      var path = window.location.pathname;
      if (window.location.search !== query) {
        window.history.replaceState(window.history.state, "", path + query + window.location.hash);
      }
      if (viewState.taal) {
        document.documentElement.setAttribute("lang", viewState.taal);
      }
      if (viewState.title) {
        // After the pages router has set its own (Dutch) title for this page.
        window.setTimeout(function () { document.title = viewState.title; }, 0);
      }
      var hrefs = navOutputs.map(function (output) { return output.id.path + query; });
      return [hrefs, path + (viewState.other_language_query || "")];
    },

    /* Copy the full URL; announce the result in the aria-live region. */
    shareView: function (nClicks) {
      var noUpdate = window.dash_clientside.no_update;
      if (!nClicks) { return noUpdate; }
      var button = document.getElementById("share-button");
      var url = window.location.href;
      var setProps = window.dash_clientside.set_props;
      function announce(ok) {
        var message = ok ? button.dataset.copied : button.dataset.failed;
        setProps("share-status", {children: message});
        if (!ok) {
          setProps("share-fallback-input", {value: url});
          setProps("share-fallback", {hidden: false});
        }
      }
      function legacyCopy() {
        // Without a secure context (plain http on an intranet host) navigator.clipboard is
        // missing; a selected, off-screen textarea and execCommand still work there.
        var area = document.createElement("textarea");
        area.value = url;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
        document.body.removeChild(area);
        button.focus();
        announce(ok);
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(function () { announce(true); }, legacyCopy);
      } else {
        legacyCopy();
      }
      // Clear first so that a second click is announced again.
      return "";
    }
  }
});
