// sitegen: the commission request form.
// Preselects the service named in ?service=…, and in mailto mode composes the
// request as an e-mail (RFC 6068: UTF-8 percent-encoding, CRLF line breaks).
(function () {
  "use strict";

  function encode(text) {
    return encodeURIComponent(String(text).replace(/\r\n|\r|\n/g, "\r\n"));
  }

  // fields: [{label, value}] in form order; empty values are left out.
  function composeMailto(address, subject, fields) {
    var body = fields
      .filter(function (field) { return field.value !== ""; })
      .map(function (field) {
        return field.value.indexOf("\n") >= 0 ? field.label + ":\n" + field.value : field.label + ": " + field.value;
      })
      .join("\n\n");
    return "mailto:" + address + "?subject=" + encode(subject) + "&body=" + encode(body);
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { composeMailto: composeMailto };
    return;
  }

  function fieldValue(form, element) {
    if (element.type === "checkbox") return element.checked ? form.dataset.yes : "";
    if (element.tagName === "SELECT") {
      var option = element.options[element.selectedIndex];
      return option && option.value ? option.text : "";
    }
    return element.value.trim();
  }

  function start() {
    var form = document.getElementById("commission-form");
    if (!form) return;
    var wanted = new URLSearchParams(window.location.search).get("service");
    var select = form.querySelector("select[name=service]");
    if (wanted && select) {
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === wanted) select.selectedIndex = i;
      }
    }
    if (!form.dataset.mailto) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.reportValidity()) return;
      var fields = Array.prototype.map.call(form.querySelectorAll("[data-label]"), function (element) {
        return { label: element.dataset.label, value: fieldValue(form, element) };
      });
      var service = select ? fieldValue(form, select) : "";
      var subject = form.dataset.subject + (service ? "（" + service + "）" : "");
      window.location.href = composeMailto(form.dataset.mailto, subject, fields);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
