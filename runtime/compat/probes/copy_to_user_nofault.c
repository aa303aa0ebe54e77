/* 5.8: copy_to_user_nofault() replaced probe_user_write(). */
#include <linux/uaccess.h>

long (*stapconf_probe)(void __user *, const void *, size_t) =
	copy_to_user_nofault;
