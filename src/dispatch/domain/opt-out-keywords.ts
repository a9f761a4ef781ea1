/**
 * Inbound STOP-type messages: the words carriers and messaging regulations treat as "stop
 * messaging me" (CTIA's STOP, STOPALL, UNSUBSCRIBE, END, QUIT, REVOKE, OPTOUT, CANCEL) and their
 * usual Spanish and Portuguese equivalents, written without accents (matching ignores them).
 * PARA is left out on purpose: it is Spanish and Portuguese for "for", the first word of countless
 * ordinary replies.
 */
export const OPT_OUT_KEYWORDS: ReadonlySet<string> = new Set([
  'STOP', 'STOPALL', 'UNSUBSCRIBE', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'CANCEL',
  // Spanish
  'BAJA', 'ALTO', 'PARAR', 'DETENER', 'CANCELAR', 'DESUSCRIBIR', 'DESUSCRIBIRME', 'DESUSCRIBIRSE', 'DESUSCRIBEME',
  // Portuguese (PARAR and CANCELAR are shared with Spanish)
  'SAIR', 'PARE', 'DESCADASTRAR', 'DESCADASTRE', 'DESINSCREVER',
]);

/** Opt-outs of several words, recognised only as the whole message. */
export const OPT_OUT_PHRASES: ReadonlySet<string> = new Set(['DAR DE BAJA', 'DARME DE BAJA', 'DARSE DE BAJA', 'NO MAS', 'NAO QUERO MAIS']);

/**
 * The words of a message, upper-cased, without accents (NFKD then marks removed, which also folds
 * full-width letters), split on anything that is not a letter or digit: "¡Baja!" is BAJA.
 */
function words(message: string): string[] {
  return message.normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The opt-out keyword or phrase a message is, or starts with; null when it is not an opt-out.
 * A keyword counts as the whole message or its first word ("Stop please", "STOP."), never inside
 * another word ("stopwatch") or later in a sentence ("no quiero parar de comprar"): a later word
 * is too often an ordinary use. The first-word rule does accept replies such as "Cancel my order"
 * as opt-outs; that is deliberate: ignoring an opt-out breaks messaging rules (TCPA, carrier
 * codes), while honouring a mistaken one only loses a contact who can opt in again. The whole message may also be split
 * ("OPT-OUT", "un subscribe") or be one of OPT_OUT_PHRASES.
 */
export function optOutKeywordIn(message: string): string | null {
  const list = words(message);
  if (list.length === 0) return null;
  const phrase = list.join(' ');
  if (OPT_OUT_PHRASES.has(phrase)) return phrase;
  const joined = list.join('');
  if (OPT_OUT_KEYWORDS.has(joined)) return joined;
  return OPT_OUT_KEYWORDS.has(list[0]!) ? list[0]! : null;
}
