#!/usr/bin/env python3
"""A folder that hangs, as a file share that stops answering: mounts a FUSE file system on DIR whose server never
answers (this process opens /dev/fuse and passes it on to COMMAND without ever reading it), then runs COMMAND.

    hang_folder.py DIR COMMAND [ARGS...]

Every access to DIR waits until the last holder of the /dev/fuse descriptor ends (COMMAND, when it exits or is
killed), as a process waits on a hung SMB or NFS share. Needs a mount namespace of its own (unshare --mount) and
permission to mount (root, or a user namespace's root: unshare --map-root-user).
"""

import os
import subprocess
import sys


def main():
    folder, command = sys.argv[1], sys.argv[2:]
    fd = os.open("/dev/fuse", os.O_RDWR)
    os.set_inheritable(fd, True)
    options = f"fd={fd},rootmode=40000,user_id={os.getuid()},group_id={os.getgid()}"
    subprocess.run(["mount", "-t", "fuse", "-o", options, "onshi-hang", folder], check=True, pass_fds=[fd])
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
