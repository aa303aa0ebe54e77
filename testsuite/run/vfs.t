# vfs tapset, dentry and dev functions in the guest: reads and writes of
# files the guest's workload touches (a file on the guest's /tmp tmpfs,
# dd to /dev/null), the readtest seed; generic.fop.* on a ramfs mounted
# in the guest (its reads and writes are the generic ones on every kernel).
NAME example_readtest
SCRIPT_FILE examples/readtest.stp
EXPECT
read performed

NAME vfs_read_dd
SCRIPT
global seen
probe vfs.read {
	if (execname() == "dd" && __file_filename(file) == "vfs_t" && !seen) {
		seen = 1
		printf("%s %s %s %d %d\n", name, __file_filename(file),
		       fullpath_struct_file(task_current(), file), bytes_to_read > 0, ino > 0)
		printf("dev %d:%d devname %s\n", MAJOR(dev) >= 0, MINOR(dev) >= 0, devname != "" ? "set" : "empty")
	}
}
WORKLOAD
echo hello >/tmp/vfs_t; dd if=/tmp/vfs_t of=/dev/null 2>/dev/null; true
TIMEOUT 60
EXPECT
vfs.read vfs_t /tmp/vfs_t 1 1
dev 1:1 devname set

NAME vfs_read_return_bytes
SCRIPT
global total, errs
probe vfs.read.return {
	if (execname() == "dd") { total += bytes_read; if (error) errs++ }
}
probe end { printf("dd read %d bytes, %d errors\n", total, errs) }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1000 count=3 2>/dev/null; true
TIMEOUT 60
EXPECT
dd read 3000 bytes, 0 errors

NAME vfs_write_return_devnull
SCRIPT
global n, bytes, dn
probe vfs.write.return {
	if (execname() == "dd" && bytes_to_write == 512) { n++; bytes += bytes_written; dn = devname }
}
probe end { printf("%d writes of %d bytes to %s (%s)\n", n, bytes, "null", dn) }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=512 count=4 2>/dev/null; true
TIMEOUT 60
EXPECT
4 writes of 2048 bytes to null (N/A)

NAME vfs_open_pathname
SCRIPT
probe vfs.open.return {
	if (execname() == "cat" && pathname == "/tmp/vfs_o") {
		printf("%s %s ret=%s ino>0:%d\n", name, pathname, retstr, ino > 0); exit()
	}
}
WORKLOAD
echo x >/tmp/vfs_o; cat /tmp/vfs_o >/dev/null 2>&1; true
TIMEOUT 60
EXPECT
vfs.open /tmp/vfs_o ret=0 ino>0:1

NAME dev_numbers
SCRIPT
probe begin {
	d = MKDEV(8, 1)
	printf("%d %d %d %d %d\n", d, MAJOR(d), MINOR(d), usrdev2kerndev(0x0801) == d, bdevname(0) == "N/A")
	exit()
}
EXPECT
8388609 8 1 1 1

NAME generic_fop_ramfs
SCRIPT
global r, w
probe generic.fop.aio_write { if (execname() == "sh" && __file_filename(file) == "fop_t") w = sprintf("%s %d@%d %s", name, count, pos, devname) }
probe generic.fop.aio_read { if (execname() == "dd" && __file_filename(file) == "fop_t" && pos == 0) r = sprintf("%s %d@%d", name, count, pos) }
probe end { printf("write: %s\nread: %s\n", w, r) }
WORKLOAD
mkdir -p /tmp/ramfs && mount -t ramfs none /tmp/ramfs && echo hello >/tmp/ramfs/fop_t && dd if=/tmp/ramfs/fop_t of=/dev/null bs=64 2>/dev/null; umount /tmp/ramfs; true
TIMEOUT 60
EXPECT
write: generic_file_write_iter 6@0 N/A
read: generic_file_read_iter 64@0
