# running.t - the ways of running a script: global auto-display at the end,
# output files (-o, -S, -b), staprun options.  Format: run-vm-tests.sh.

NAME autodisplay_all_kinds
SCRIPT
global count, str, s, empty, arr, sa, multi
probe begin {
	count = 7; str = "hi"
	s <<< 3; s <<< 5
	arr["a"] = 1; arr["b"] = 2
	sa["x"] <<< 4
	multi["k", 2] = 9
	exit()
}
probe end { empty <<< 1; delete empty }
EXPECT
count=7
str="hi"
s @count=2 @min=3 @max=5 @sum=8 @avg=4
empty @count=0x0
arr["b"]=2
arr["a"]=1
sa["x"] @count=1 @min=4 @max=4 @sum=4 @avg=4
multi["k",2]=9

NAME output_file_plain
SCRIPT
probe begin { println("to the file"); exit() }
ARGS
-o out.txt
EXPECT
EXPECT_FILES
== out.txt
to the file

NAME guest_shell_runs_staprun
SCRIPT
probe begin { println("via sh"); exit() }
GUEST_SH
staprun $MODULE > log.txt
echo rc=$? >> log.txt
EXPECT_FILES
== log.txt
via sh
rc=0
