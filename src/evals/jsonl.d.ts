/** `*.jsonl` files are bundled as text (wrangler.toml `[[rules]] type = "Text"`). */
declare module "*.jsonl" {
  const text: string;
  export default text;
}
