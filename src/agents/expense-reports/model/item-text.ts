/** The text the category model reads for one expense item (training, in scripts/model, and inference both use this). */
export function itemText(merchant: string, description?: string): string {
  const extra = description?.trim() ?? "";
  return extra.length > 0 ? `${merchant.trim()} | ${extra}` : merchant.trim();
}
