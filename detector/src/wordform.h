/* wordform.h - how two written forms of one word differ without being
 * other wording: a regular inflection ("bags" / "bag", "stopped" /
 * "stopping"), the en_US and en_GB spellings ("colour" / "color"), one
 * number written two ways ("5" / "five", "2,000" / "2000", "5th" /
 * "fifth"). Reference mode's classifier (detect_ref.c) counts such
 * differences as no damage. All take normalised (lower-case) words but
 * us_form_number, which takes them as written. */
#ifndef US_WORDFORM_H
#define US_WORDFORM_H

#include <stddef.h>

#include "engine.h"

/* Two forms of one lemma by a regular inflection, unlike two words that
 * only share a Snowball stem by derivation ("goodness" / "good"). */
int us_form_inflected(const char *a, size_t na, const char *b, size_t nb);

/* Two different words that are one word spelt the en_US and the en_GB
 * way (or inflected forms of such), as e's known-form table confirms. */
int us_form_spelling(const unspun_engine *e, const char *a, size_t na,
                     const char *b, size_t nb);

/* The vocabulary word that spells s the en_US way where only en_GB
 * spells it so ("realise" -> "realize"), else US_NONE: the language
 * model is of US English, and reads "realise" as a rare word. */
uint32_t us_form_us_spelling(const unspun_engine *e, const char *s, size_t n);

/* One number: digits ("5", "2,000", "5th") or a number word ("five",
 * "fifth"), cardinals with cardinals, ordinals with ordinals. */
int us_form_number(const char *a, size_t na, const char *b, size_t nb);

#endif
