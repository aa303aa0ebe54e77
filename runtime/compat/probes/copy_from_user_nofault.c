/* 5.8: probe_user_read() became copy_from_user_nofault() (exported). */
#include <linux/uaccess.h>

long (*stapconf_probe)(void *, const void __user *, size_t) =
	copy_from_user_nofault;
