namespace Kaniko.Engine.Sandbox;

/// <summary>
/// The set-up the sandbox does as pid 1 of its fresh namespaces, in the host's <c>/bin/sh</c>, in
/// runc's order: mount the root, then /proc, /sys, /dev, the masked and read-only kernel paths and
/// the read-only host files (one <c>mount -a</c> over <see cref="SandboxMountTable"/>), RUN --mount's
/// mounts (secrets copied from the standard input onto a tmpfs of this namespace), set the hostname,
/// and exec the entry helper (<c>Native/kaniko-sandbox-enter.c</c>), which pivots into the root,
/// detaches the host's, drops to the user and Docker's default capabilities and execs the command.
/// Each step before it is a util-linux or coreutils program the host has; the image needs none of
/// them. A failed step exits 125 with a line starting "kaniko sandbox:".
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
        mode=$1 lower=$2 upper=$3 work=$4 m=$5 host=$6 net=$7 fstab=$8 mounts=$9
        shift 9
        secrets=$1 enter=$2
        if [ "$mode" = overlay ]; then
          mount -t overlay overlay -o "lowerdir=$lower,upperdir=$upper,workdir=$work,redirect_dir=off,metacopy=off,index=off" "$m" || fail "cannot mount an overlay at $m (upper $upper)"
        else
          mount --bind "$lower" "$m" || fail "cannot bind $lower at $m"
        fi
        [ -d "$m/etc" ] || mkdir "$m/etc" || fail "cannot create /etc"
        for f in resolv.conf hosts; do
          if [ -e "/etc/$f" ] && [ ! -e "$m/etc/$f" ]; then : > "$m/etc/$f" || fail "cannot create /etc/$f"; fi
        done
        mount -a -T "$fstab" || fail "cannot mount /proc, /sys, /dev and the host's resolv.conf and hosts"
        if [ -n "$mounts" ]; then
          tab=$(printf '\t')
          count=0
          exec 3<&0
          while IFS=$tab read -r kind src dst ro; do
            if [ "$kind" = file ] || [ "$kind" = secret ]; then
              mkdir -p "$(dirname "$m$dst")" && { [ -e "$m$dst" ] || : > "$m$dst"; } || fail "cannot create the mount point $dst"
            else
              mkdir -p "$m$dst" || fail "cannot create the mount point $dst"
            fi
            case $kind in
              tmpfs)
                mount -t tmpfs -o nosuid,nodev tmpfs "$m$dst" || fail "cannot mount a tmpfs at $dst" ;;
              secret)
                if [ $count -eq 0 ]; then
                  mount -t tmpfs -o nosuid,nodev,noexec,mode=0700 kaniko-secrets "$secrets" || fail "cannot mount the secrets' tmpfs"
                fi
                count=$((count + 1))
                set -- $src
                file=$secrets/$count
                if [ "$1" -gt 0 ]; then
                  dd iflag=fullblock bs="$1" count=1 status=none of="$file" <&3 || fail "cannot receive the secret for $dst"
                else
                  : > "$file"
                fi
                chmod "$2" "$file" && chown "$3:$4" "$file" || fail "cannot set the secret's owner and mode for $dst"
                mount --bind "$file" "$m$dst" && mount -o remount,bind,ro "$m$dst" || fail "cannot bind the secret at $dst" ;;
              *)
                mount --bind "$src" "$m$dst" || fail "cannot bind $dst"
                if [ "$ro" = ro ]; then mount -o remount,bind,ro "$m$dst" || fail "cannot make $dst read-only"; fi ;;
            esac
          done < "$mounts"
          exec 3<&-
        fi
        echo "$host" > /proc/sys/kernel/hostname || fail "cannot set the hostname"
        if [ "$net" = none ]; then
          ip link set lo up 2>/dev/null || true
        fi
        exec "$enter"
        """;
}
