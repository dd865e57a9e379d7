/* helpers.h - small helpers shared by the unit tests. */
#ifndef TEST_HELPERS_H
#define TEST_HELPERS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* A 64-bit linear congruential generator (Knuth's MMIX constants): the
 * same pseudo-random numbers on every run, from *s. */
static inline uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/* A fresh temporary directory for one test, under $WA_UNIT_TMP (which
 * tests/unit/run makes and removes) or /tmp; the path is static. */
static inline const char *tmpdir_new(void)
{
	static char path[256];
	const char *under = getenv("WA_UNIT_TMP");

	snprintf(path, sizeof path, "%s/wa-unit-XXXXXX", under && *under ? under : "/tmp");
	return mkdtemp(path);
}

static inline void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

/* The test web server (tests/tools/websrv.py) on 127.0.0.1, logging
 * requests to log (or NULL); it ends when its stdin, held here, closes. */
#include <signal.h>
#include <sys/wait.h>

typedef struct websrv {
	pid_t pid;
	int in;                 /* its stdin */
	int port;
	char base[64];          /* http://127.0.0.1:PORT */
} websrv;

static inline void websrv_start(websrv *w, const char *log)
{
	int to[2], from[2];
	char line[32] = "";

	if (pipe(to) || pipe(from))
		abort();
	w->pid = fork();
	if (w->pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		close(to[1]);
		close(from[0]);
		execl("/usr/bin/python3", "python3", "../tools/websrv.py", "--watch-stdin",
			"--root", "sites", "--lifetime", "300", log ? "--log" : NULL, log,
			(char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	w->in = to[1];
	FILE *f = fdopen(from[0], "r");
	if (!fgets(line, sizeof line, f))
		abort();
	fclose(f);
	w->port = atoi(line);
	snprintf(w->base, sizeof w->base, "http://127.0.0.1:%d", w->port);
}

static inline void websrv_stop(websrv *w)
{
	close(w->in);
	kill(w->pid, SIGTERM);
	waitpid(w->pid, NULL, 0);
}

#endif
