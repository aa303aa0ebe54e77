/* 6.13: hrtimer_setup() sets the callback at init; 6.15 removed
 * hrtimer_init(), after which .function may not be assigned directly. */
#include <linux/hrtimer.h>

void (*stapconf_probe)(struct hrtimer *,
		       enum hrtimer_restart (*)(struct hrtimer *), clockid_t,
		       enum hrtimer_mode) = hrtimer_setup;
