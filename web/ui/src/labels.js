// Node labels as the API names them (kg/schema.py Label), with their Chinese names and colours.
// The colours are also used by the CSS legend and mention highlights through the --label-* variables.

export const LABELS = [
  { key: "Document", name: "文档", color: "#1f4e79" },
  { key: "Clause", name: "条文", color: "#7f8fa6" },
  { key: "Equipment", name: "设备设施", color: "#2e8b57" },
  { key: "Hazard", name: "危险源", color: "#c0392b" },
];

export const ENTITY_LABELS = new Set(["Equipment", "Hazard"]);

export const MANDATORY_BORDER = "#f39c12";
export const ANSWER_COLOR = "#ffd54f";

export function labelName(key) {
  const found = LABELS.find((label) => label.key === key);
  return found ? found.name : key;
}

export function labelColor(key) {
  const found = LABELS.find((label) => label.key === key);
  return found ? found.color : "#999999";
}

// Clause modality (kg/corpus/model.py Modality) as the codes word it (GB/T 1.1 用词说明).
const MODALITIES = {
  must: "必须", must_not: "严禁", shall: "应", shall_not: "不应", should: "宜", should_not: "不宜", may: "可",
};

export function modalityName(modality) {
  return MODALITIES[modality] ? `用词：${MODALITIES[modality]}` : modality;
}
