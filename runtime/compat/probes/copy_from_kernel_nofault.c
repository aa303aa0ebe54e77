/* 5.8: probe_kernel_read() became copy_from_kernel_nofault() (exported).
 * (The strncpy_from_*_nofault calls are not exported: string.c loops.) */
#include <linux/uaccess.h>

long (*stapconf_probe)(void *, const void *, size_t) =
	copy_from_kernel_nofault;
