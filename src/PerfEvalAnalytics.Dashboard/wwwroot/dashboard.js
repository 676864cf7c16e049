// Small helpers called from the Blazor components through JS interop.
window.perfeval = {
  getReviewer: () => window.localStorage.getItem("perfeval.reviewer") || "",
  setReviewer: (name) => window.localStorage.setItem("perfeval.reviewer", name),
  scrollToId: (id) => {
    const el = document.getElementById(id);
    if (el) { el.scrollIntoView({ block: "center" }); }
  },
};
