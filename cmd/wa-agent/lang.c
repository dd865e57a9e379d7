/* lang.c - the offline model's languages.  A customer who writes Spanish
 * is answered in Spanish: the config's own words through its
 * "translations" ({es: {"What day and time suits you?": "¿Qué día...?"}}),
 * the model's own words and dates through the tables below.  English is
 * the config's language and needs no table. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "agent.h"

/* words only one of the two languages uses often */
static const char *const es_words[] = { "hola", "quiero", "quisiera", "necesito", "cita",
	"puedo", "mañana", "sí", "gracias", "favor", "cancelar", "cambiar", "horario", "cuál",
	"qué", "hablar", "persona", "llamo", "para", "una", "mi", "el", "la", "las", "de", "con",
	"abren", "hora", "buenos", "buenas", "días", "tardes", "soy", "por", "al", "es", "y",
	NULL };
static const char *const en_words[] = { "the", "i", "my", "you", "to", "is", "please", "book",
	"appointment", "can", "for", "and", "want", "need", "what", "how", "hi", "hello", "yes",
	"thanks", "it", "me", "at", "on", "in", "a", NULL };

/* German words that would otherwise count as Spanish ("es", "la") */
static const char *const de_words[] = { "ich", "ist", "gibt", "ihr", "habt", "wie", "wo",
	"was", "wann", "der", "die", "das", "und", "ein", "eine", "einen", "meine", "kann",
	"nicht", "sie", "wir", "mit", "für", NULL };

static int listed(const char *const *list, const char *w)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], w))
			return 1;
	return 0;
}

/* 1 Spanish, 0 English, -1 cannot tell ("Ana Ruiz", "312 555 0147") */
static int spanish(const char *text)
{
	char w[32];
	int es = 0, en = 0, de = 0;
	const unsigned char *p = (const unsigned char *)text;

	while (*p) {
		while (*p && !(isalpha(*p) || *p >= 0x80))
			p += *p == 0xc2 && p[1] ? 2 : 1;     /* ¿ and ¡ are two bytes */
		size_t n = 0;
		while (*p && (isalpha(*p) || *p >= 0x80)) {
			if (n < sizeof w - 1)
				w[n++] = (char)tolower(*p);
			p++;
		}
		w[n] = '\0';
		/* a name's accents say nothing: "José Núñez" may write English */
		es += n && listed(es_words, w);
		en += n && listed(en_words, w);
		de += n && listed(de_words, w);
	}
	if (de >= es && de > 0)
		return 0;       /* German: answered in the config's language */
	if (strstr(text, "\xc2\xbf") || strstr(text, "\xc2\xa1"))      /* ¿ ¡ */
		es += 2;
	return es > en ? 1 : en > es ? 0 : -1;
}

const char *agent_lang(json_t *msgs)
{
	for (size_t i = json_array_size(msgs); i-- > 0;) {
		json_t *m = json_array_get(msgs, i);
		const char *role = json_string_value(json_object_get(m, "role"));
		const char *text = json_string_value(json_object_get(m, "content"));
		if (!role || strcmp(role, "user") || !text)
			continue;
		int s = spanish(text);
		if (s >= 0)
			return s ? "es" : NULL;
	}
	return NULL;
}

/* the model's own words in Spanish */
static const char *const es_table[][2] = {
	{ "I can't find a booking under %s. Is there anything else I can do?",
	  "No encuentro ninguna cita con el número %s. ¿Puedo ayudarle en algo más?" },
	{ "All right, I won't. Is there anything else I can do?",
	  "De acuerdo, no lo haré. ¿Puedo ayudarle en algo más?" },
	{ "Sorry, is that a yes or a no?", "Perdone, ¿es un sí o un no?" },
	{ "All right. Is there anything else I can do?",
	  "De acuerdo. ¿Puedo ayudarle en algo más?" },
	{ "Sorry, I didn't get that. %s", "Perdone, no le he entendido. %s" },
	{ "Sorry, I didn't catch that. I can help with",
	  "Perdone, no le he entendido. Puedo ayudarle con" },
	{ "I'm passing you to a member of the team, who will be with you shortly.",
	  "Le paso con una persona del equipo, que le atenderá enseguida." },
	{ "Done.", "Hecho." },
	{ "Sorry, that didn't work.", "Lo siento, no ha funcionado." },
	{ "Sorry, I can't help with %s here; please ask the team directly.",
	  "Lo siento, no puedo ayudarle con %s; consulte directamente con el equipo." },
	{ "%.*s (source: %s)", "%.*s (fuente: %s)" },
	{ "%s; the nearest free times are %s. Which would you like?",
	  "%s; las horas libres más cercanas son: %s. ¿Cuál prefiere?" },
	{ "%s; the nearest free time is %s. Which would you like?",
	  "%s; la hora libre más cercana es: %s. ¿Le viene bien?" },
	{ "I have %s free. Which would you like?", "Tengo libre: %s. ¿Cuál prefiere?" },
	{ "Nothing is free then", "No hay nada libre entonces" },
	{ "We're closed that day", "Ese día estamos cerrados" },
	{ "Sorry, nothing is free in the next two weeks.",
	  "Lo siento, no hay nada libre en las próximas dos semanas." },
	{ "We're closed on %s", "Estamos cerrados el %s" },
	{ "%s is taken", "El %s está ocupado" },
	{ "%s has passed", "El %s ya ha pasado" },
	{ "That date isn't in the calendar (that month is shorter). Which day did you mean?",
	  "Esa fecha no existe (ese mes es más corto). ¿Qué día quería decir?" },
	{ " or ", " o " },
	{ "Do you mean %s or %s?", "¿Se refiere al %s o al %s?" },
	{ "That time is taken{{#result.alternative}}; the nearest free one is "
	  "{{result.alternative}}{{/result.alternative}}.",
	  "Esa hora está ocupada{{#result.alternative}}; la más cercana libre es "
	  "{{result.alternative}}{{/result.alternative}}." },
	{ "We're closed then{{#result.alternative}}; the nearest open time is "
	  "{{result.alternative}}{{/result.alternative}}.",
	  "A esa hora estamos cerrados{{#result.alternative}}; la hora más cercana es "
	  "{{result.alternative}}{{/result.alternative}}." },
	{ "I can't find a booking under that number.",
	  "No encuentro ninguna cita con ese número." },
};

const char *agent_tr(const agent *a, const char *english)
{
	if (!a->lang || !english)
		return english;
	const char *own = json_string_value(json_object_get(json_object_get(json_object_get(
		a->cfg, "translations"), a->lang), english));
	if (own)
		return own;
	for (size_t i = 0; !strcmp(a->lang, "es") && i < sizeof es_table / sizeof *es_table; i++)
		if (!strcmp(es_table[i][0], english))
			return es_table[i][1];
	return english;
}

/* "viernes 11 de diciembre a las 10:30" (the 24-hour clock, as Spanish
 * writes appointments) */
int agent_say_when_es(int y, int m, int d, int h, int min, int wday, int this_year,
	wa_buf *out)
{
	static const char *const days[] = { "domingo", "lunes", "martes", "miércoles", "jueves",
		"viernes", "sábado" };
	static const char *const months[] = { "enero", "febrero", "marzo", "abril", "mayo",
		"junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre" };

	wa_buf_addf(out, "%s %d de %s", days[wday], d, months[m - 1]);
	if (y != this_year)
		wa_buf_addf(out, " de %d", y);
	if (h < 0)
		return 1;
	wa_buf_addf(out, h == 1 ? " a la %d:%02d" : " a las %d:%02d", h, min);
	return 1;
}
