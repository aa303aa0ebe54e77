/* kver.h - discovery of the installed Debian cloud kernels (kver.c). */
#ifndef STAP_KVER_H
#define STAP_KVER_H

#include <stddef.h>

/* Usable cloud kernel releases, the default first (see kver.c); returns
 * the count.  The caller frees each string and the array. */
int kver_list(char ***out);
/* The default release into buf: 0, or -1 when none is installed. */
int kver_default(char *buf, size_t n);

#endif
