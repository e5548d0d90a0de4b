export type ApiParams = Record<string, string>;

/**
 * java.net.URLEncoder.encode(value, "UTF-8") with '+' turned into '%20', as CloudStack's
 * ApiServer does before signing: only A-Z a-z 0-9 . - * _ stay as they are.
 */
export function javaUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
