# tty tapset in the guest: a write to the guest's second virtual console
# (/dev/tty2), its open and release, stty's ioctls and a resize of the
# serial console (ttyS0: its driver has no resize operation of its own).
NAME tty_open_write_release
SCRIPT
global opened, wrote, released
probe tty.open { if (file_name == "tty2") opened++ }
probe tty.write { if (file_name == "tty2" && nr == 6) wrote = sprintf("%s %d [%s]", file_name, nr, driver_name) }
probe tty.release { if (file_name == "tty2") released++ }
probe end { printf("open %s, write %s, release %s\n", opened ? "yes" : "no", wrote, released ? "yes" : "no") }
WORKLOAD
echo hello >/dev/tty2; true
TIMEOUT 60
EXPECT
open yes, write tty2 6 [], release yes

NAME tty_ioctl_resize
SCRIPT
global ioctls, resized
probe tty.ioctl { if (execname() == "stty" && name == "ttyS0") ioctls++ }
probe tty.resize { if (name == "ttyS0") resized = sprintf("%s %dx%d", name, new_row, new_col) }
probe end { printf("ioctls %s, resize %s\n", ioctls ? "yes" : "no", resized) }
WORKLOAD
stty -F /dev/ttyS0 rows 30 cols 100; true
TIMEOUT 60
EXPECT
ioctls yes, resize ttyS0 30x100
