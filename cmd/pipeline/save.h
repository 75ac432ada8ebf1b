/* save: pprof keeps a copy of every profile it fetched over HTTP, so that
 * a look at a live service can be repeated later from the file. */
#ifndef CPROF_SAVE_H
#define CPROF_SAVE_H

struct profile;

/* Saves p, gzipped profile.proto, as pprof.<exe>.<types>.NNN.pb.gz in
 * $PPROF_TMPDIR (else $HOME/pprof, else $TMPDIR or /tmp: the first that
 * exists or can be made) and notes "Saved profile in PATH" (diag.h), or
 * "Could not save profile: REASON"; neither stops the command. */
void save_fetched(const struct profile *p);

#endif
