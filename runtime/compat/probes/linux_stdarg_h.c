/* 5.15: the kernel's own <linux/stdarg.h> replaced the compiler's. */
#include <linux/stdarg.h>

int stapconf_probe;
