/**
 * Text that came from the input (file names, object names, images, messages that quote values) and is
 * written to a terminal: every control character, and every invisible or line-breaking code point that
 * could forge a line or move the cursor, is written as an escape (`\x1b`, `\u2028`), so input can
 * neither clear the screen nor print a line that looks like the report's own.
 */
// C0 and C1 controls, DEL, format characters (bidi overrides, zero-width), line and paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

export function escapeText(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Code points that show nothing: white space, controls, format characters (zero-width space and joiners,
 * bidi marks, the BOM), combining marks on their own, variation selectors, and the Hangul and Braille
 * fillers that render blank.
 */
const INVISIBLE = /[\s\p{Cc}\p{Cf}\p{Z}\p{M}\u115f\u1160\u2800\u3164\uffa0]/gu;

/** How many code points of `s` a reader can see. */
export function visibleLength(s: string): number {
  return [...s.replace(INVISIBLE, '')].length;
}
