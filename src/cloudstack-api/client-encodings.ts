import { type ApiParams, javaUrlEncode } from './url-encoding';

/**
 * The characters on which the URL encoders of CloudStack's clients disagree when they build the
 * string they sign, each with how java.net.URLEncoder (the management server) writes it:
 * - `~`: Java encodes it; Go's url.QueryEscape (CloudMonkey, cloudstack-go) and Python 3's quote
 *   (cs, Libcloud) leave it bare;
 * - `*`: Java leaves it bare, and so do CloudMonkey, cs and Libcloud; cloudstack-go encodes it;
 * - `[` and `]`: Java encodes them; Libcloud leaves them bare (quote with safe='[]*').
 * A management server verifies only Java's form, so a value with one of these characters fails
 * there from such a client (the asterisk fixes in CloudMonkey and Libcloud came from that). A
 * template holds them all the time: JSON's arrays, `~` in shell.
 */
const DISPUTED: ReadonlyArray<{ char: string; encoded: string; javaEncodes: boolean }> = [
  { char: '~', encoded: '%7E', javaEncodes: true },
  { char: '*', encoded: '%2A', javaEncodes: false },
  { char: '[', encoded: '%5B', javaEncodes: true },
  { char: ']', encoded: '%5D', javaEncodes: true },
];

type Choice = (typeof DISPUTED)[number];

/** A value as Java encodes it, with the chosen characters written the other way. */
function encodeOtherwise(value: string, flipped: readonly Choice[]): string {
  let encoded = javaUrlEncode(value);
  // javaUrlEncode writes a literal '%' as %25, so each pattern below matches only its character.
  for (const { char, encoded: escape, javaEncodes } of flipped) encoded = javaEncodes ? encoded.split(escape).join(char) : encoded.split(char).join(escape);
  return encoded;
}

/**
 * The strings a client may have signed for these parameters other than Java's own (signing.ts's
 * signatureBase): one for each way of writing the disputed characters the values hold, each
 * character written one way throughout, as an encoder does. Keys are never encoded (CloudStack
 * and every client above sign them as sent). None when no value holds a disputed character.
 */
export function clientSignatureBases(params: ApiParams): string[] {
  const keys = Object.keys(params).filter((key) => key.toLowerCase() !== 'signature').sort();
  const present = DISPUTED.filter(({ char }) => keys.some((key) => params[key].includes(char)));
  const bases: string[] = [];
  // Every non-empty subset of the present characters, flipped from Java's form.
  for (let mask = 1; mask < 1 << present.length; mask++) {
    const flipped = present.filter((_, i) => mask & (1 << i));
    bases.push(keys.map((key) => `${key}=${encodeOtherwise(params[key], flipped)}`).join('&').toLowerCase());
  }
  return bases;
}
