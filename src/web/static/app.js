// Small enhancements only: every page works without JavaScript.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Ask before submitting forms marked as destructive.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });
  // Put the cursor in the first empty field of the first form on the page.
  var first = document.querySelector("main form input:not([type=hidden]):not([value]), main form input[value='']");
  if (first && !first.closest("form.logout")) first.focus();
});
