namespace Kaniko.Engine.Sandbox;

/// <summary>
/// The set-up the sandbox does as pid 1 of its fresh namespaces, in the host's <c>/bin/sh</c>, in
/// runc's order: mount the root, then /proc, /dev, the read-only host files (one <c>mount -a</c> over
/// <see cref="SandboxMountTable"/>), RUN --mount's mounts, set the hostname, and
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
        fstab=$1 mounts=$2
        shift 2
        if [ "$mode" = overlay ]; then
          mount -t overlay overlay -o "lowerdir=$lower,upperdir=$upper,workdir=$work,redirect_dir=off,metacopy=off,index=off" "$m" || fail "cannot mount an overlay at $m (upper $upper)"
        else
          mount --bind "$lower" "$m" || fail "cannot bind $lower at $m"
        fi
        [ -d "$m/etc" ] || mkdir "$m/etc" || fail "cannot create /etc"
        for f in resolv.conf hosts; do
          if [ -e "/etc/$f" ] && [ ! -e "$m/etc/$f" ]; then : > "$m/etc/$f" || fail "cannot create /etc/$f"; fi
        done
        mount -a -T "$fstab" || fail "cannot mount /proc, /dev and the host's resolv.conf and hosts"
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
