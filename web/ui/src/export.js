// The export panel: a download of /api/export with the chosen format, relation, label and document.
import { api, filenameFrom, request } from "./api.js";
import { byTestId, replace } from "./dom.js";
import { withLoading } from "./status.js";

function parameters(app) {
  return {
    format: byTestId("export-format").value,
    rel: byTestId("export-rel").value,
    label: byTestId("export-label").value,
    doc: app.filters().doc,
  };
}

/** Save a Blob under `filename` through a temporary link (the browser's own download flow). */
function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

export function setupExport(app) {
  const link = byTestId("export-link");
  const status = byTestId("export-status");
  const update = () => {
    link.href = api.exportUrl(parameters(app));
    link.textContent = link.getAttribute("href");
    replace(byTestId("export-doc"), app.filters().doc ? app.documentTitle(app.filters().doc) : "全部文档");
  };
  for (const testId of ["export-format", "export-rel", "export-label"]) byTestId(testId).addEventListener("change", update);
  app.onFiltersChange(update);
  byTestId("export-button").addEventListener("click", async () => {
    const url = api.exportUrl(parameters(app));
    const done = await withLoading(async () => {
      const response = await request(url, { headers: { Accept: "*/*" } });
      const filename = filenameFrom(response.headers.get("Content-Disposition"), `firekg-export.${parameters(app).format}`);
      save(await response.blob(), filename);
      const rows = response.headers.get("X-FireKG-Rows");
      return rows === null ? filename : `${filename}（${rows} 行）`;
    }, status, "正在导出…");
    if (done) replace(status, `已下载 ${done}`);
  });
  update();
}
