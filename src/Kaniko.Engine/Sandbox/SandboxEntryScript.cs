namespace Kaniko.Engine.Sandbox;

/// <summary>
/// The set-up the sandbox does as pid 1 of its fresh namespaces, in the host's <c>/bin/sh</c>, in
/// runc's order: mount the root, then /proc, /dev, the read-only host files, RUN --mount's mounts, set the hostname, and
/// finally drop to the user's groups and to Docker's default capabilities, without CAP_SYS_ADMIN (setpriv), clear the environment (env -i), chroot, chdir and
/// setuid (unshare --root --wd --setuid) and exec the command. Each step is a util-linux or
/// coreutils program the host has; the image needs none of them. A failed step exits 125 with a
/// line starting "kaniko sandbox:".
/// </summary>
internal static class SandboxEntryScript
{
    public const int SetupFailedExitCode = 125;

    public const string FailurePrefix = "kaniko sandbox:";

    /// <summary>How the failure to mount the overlay starts: the caller may fall back to running on the root.</summary>
    public const string OverlayRefused = "cannot mount an overlay";

    public const string Text =
        """
        fail() { echo "kaniko sandbox: $*" >&2; exit 125; }
        mode=$1 lower=$2 upper=$3 work=$4 m=$5 gid=$6 groups=$7 host=$8 net=$9
        shift 9
        pipes=$1 mounts=$2
        shift 2
        if [ "$mode" = overlay ]; then
          mount -t overlay overlay -o "lowerdir=$lower,upperdir=$upper,workdir=$work,redirect_dir=off,metacopy=off,index=off" "$m" || fail "cannot mount an overlay at $m (upper $upper)"
        else
          mount --bind "$lower" "$m" || fail "cannot bind $lower at $m"
        fi
        mkdir -p "$m/proc" "$m/dev" "$m/etc" || fail "cannot create the mount points"
        mount -t proc -o nosuid,nodev,noexec proc "$m/proc" || fail "cannot mount /proc"
        mount -t tmpfs -o nosuid,mode=755,size=65536k tmpfs "$m/dev" || fail "cannot mount /dev"
        for d in null zero full random urandom tty; do
          : > "$m/dev/$d" && mount --bind "/dev/$d" "$m/dev/$d" || fail "cannot bind /dev/$d"
        done
        mkdir "$m/dev/pts" "$m/dev/shm" || fail "cannot create /dev/pts and /dev/shm"
        mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,nosuid,noexec devpts "$m/dev/pts" || fail "cannot mount /dev/pts"
        mount -t tmpfs -o nosuid,nodev,mode=1777 shm "$m/dev/shm" || fail "cannot mount /dev/shm"
        ln -s pts/ptmx "$m/dev/ptmx" && ln -s /proc/self/fd "$m/dev/fd" && ln -s /proc/self/fd/0 "$m/dev/stdin" \
          && ln -s /proc/self/fd/1 "$m/dev/stdout" && ln -s /proc/self/fd/2 "$m/dev/stderr" || fail "cannot link /dev/fd"
        if [ -n "$pipes" ]; then
          mkdir "$m/dev/pipes" && mount --bind -o ro "$pipes" "$m/dev/pipes" || fail "cannot bind the scripts at /dev/pipes"
        fi
        for f in resolv.conf hosts; do
          if [ -e "/etc/$f" ]; then
            { [ -e "$m/etc/$f" ] || : > "$m/etc/$f"; } && mount --bind -o ro "/etc/$f" "$m/etc/$f" || fail "cannot bind /etc/$f"
          fi
        done
        if [ -n "$mounts" ]; then
          tab=$(printf '\t')
          while IFS=$tab read -r kind src dst ro; do
            if [ "$kind" = file ]; then
              mkdir -p "$(dirname "$m$dst")" && { [ -e "$m$dst" ] || : > "$m$dst"; } || fail "cannot create the mount point $dst"
            else
              mkdir -p "$m$dst" || fail "cannot create the mount point $dst"
            fi
            if [ "$kind" = tmpfs ]; then
              mount -t tmpfs -o nosuid,nodev tmpfs "$m$dst" || fail "cannot mount a tmpfs at $dst"
            else
              mount --bind "$src" "$m$dst" || fail "cannot bind $dst"
              if [ "$ro" = ro ]; then mount -o remount,bind,ro "$m$dst" || fail "cannot make $dst read-only"; fi
            fi
          done < "$mounts"
        fi
        echo "$host" > /proc/sys/kernel/hostname || fail "cannot set the hostname"
        if [ "$net" = none ]; then
          ip link set lo up 2>/dev/null || true
        fi
        caps=-all,+chown,+dac_override,+fowner,+fsetid,+kill,+setgid,+setuid,+setpcap,+net_bind_service,+net_raw,+sys_chroot,+mknod,+audit_write,+setfcap
        if [ -n "$groups" ]; then g="--groups=$groups"; else g=--clear-groups; fi
        exec setpriv --regid="$gid" "$g" --bounding-set="$caps" -- env -i "$@"
        """;
}
