// Buttons marked data-print open the browser's print dialog (the breakdown sheet prints clean).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
