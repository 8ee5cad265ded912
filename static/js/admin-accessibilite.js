/* The admin's autocomplete boxes (select2, autocomplete_fields) made accessible as they are drawn (axe-core found
   unnamed inputs): each box is named by its field's label (the single choice's combobox, the search input of a
   multiple choice), and the "clear all" cross select2 puts straight inside its list is hidden from screen readers
   (each chosen item keeps its own cross; the keyboard clears with Backspace). select2 redraws at each change: a
   MutationObserver repairs each new drawing. The two inputs of a date and time field are named too. */
(function () {
  "use strict";

  function etiquette(conteneur) {
    var select = conteneur && conteneur.previousElementSibling;
    var label = select && select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label && !label.id) {
      label.id = "etiquette-" + select.id;
    }
    return label;
  }

  function reparer() {
    document.querySelectorAll(".select2-container .select2-selection[role=combobox]:not([data-nomme])").forEach(
      function (boite) {
        var label = etiquette(boite.closest(".select2-container"));
        if (label) {
          var autres = boite.getAttribute("aria-labelledby");
          boite.setAttribute("aria-labelledby", label.id + (autres ? " " + autres : ""));
        }
        boite.setAttribute("data-nomme", "");
      }
    );
    document.querySelectorAll(".select2-selection__rendered[role=textbox]:not([data-nomme])").forEach(function (texte) {
      var label = etiquette(texte.closest(".select2-container"));
      if (label && texte.id) {
        texte.setAttribute("aria-labelledby", label.id + " " + texte.id);
      }
      texte.setAttribute("data-nomme", "");
    });
    document.querySelectorAll(".select2-container .select2-search__field:not([aria-label])").forEach(function (champ) {
      var label = etiquette(champ.closest(".select2-container"));
      var texte = label ? label.textContent.replace(/\s*:\s*$/, "").trim() : "";
      champ.setAttribute("aria-label", texte ? "Rechercher : " + texte : "Rechercher");
    });
    document.querySelectorAll(".select2-selection__rendered > .select2-selection__clear:not([aria-hidden])").forEach(
      function (croix) {
        croix.setAttribute("aria-hidden", "true");
      }
    );
  }

  // A date and time field (AdminSplitDateTime) shows « Date : » and « Heure : » as bare text: its two inputs are
  // named after the field's label.
  function nommerDateHeure() {
    document.querySelectorAll("p.datetime").forEach(function (bloc) {
      var ligne = bloc.closest(".form-row, .flex-container");
      var label = ligne ? ligne.querySelector("label") : null;
      var nom = label ? label.textContent.replace(/\s*:\s*$/, "").trim() : "";
      var parties = ["date", "heure"];
      bloc.querySelectorAll("input:not([type=hidden]):not([aria-label])").forEach(function (champ, i) {
        champ.setAttribute("aria-label", (nom ? nom + " – " : "") + (parties[i] || ""));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", nommerDateHeure);
  new MutationObserver(reparer).observe(document.documentElement, { childList: true, subtree: true });
})();
