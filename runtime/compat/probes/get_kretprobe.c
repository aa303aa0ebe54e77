/* 5.11: kretprobe_instance lost its ->rp field; use get_kretprobe(ri). */
#include <linux/kprobes.h>

struct kretprobe *(*stapconf_probe)(struct kretprobe_instance *) =
	get_kretprobe;
