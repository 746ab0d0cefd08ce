using System.Globalization;

namespace Kaniko.TestInfrastructure;

/// <summary>
/// Runs an image the way its config says (Entrypoint + Cmd, Env, WorkingDir, User) without a container
/// engine: umoci unpacks it into a bundle, and the process runs chrooted into the bundle's rootfs in
/// fresh mount and pid namespaces, with its own /proc and the host's /dev bound in. The namespaces are
/// private, so nothing is mounted on the host and nothing outlives the run.
/// </summary>
public static class ImageRunner
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);

    // Runs as pid 1 of the new pid namespace, in the new mount namespace, on the host's /bin/sh (the image
    // needs no shell). The last step is a host binary (unshare) that chroots, changes directory, drops to
    // the image's user and execs the command, which it looks up in the image's PATH.
    private const string EnterScript =
        """
        root=$1 uid=$2 gid=$3 cwd=$4
        shift 4
        /usr/bin/mount -t proc proc "$root/proc" || exit 125
        /usr/bin/mount --rbind /dev "$root/dev" || exit 125
        exec /usr/bin/unshare --root="$root" --wd="$cwd" --setgid="$gid" --setuid="$uid" -- "$@"
        """;

    /// <summary>
    /// Runs the image tagged <paramref name="tag"/> in an OCI layout. <paramref name="commandOverride"/>
    /// replaces the image's Cmd and keeps its Entrypoint, as <c>docker run IMAGE COMMAND...</c> does.
    /// </summary>
    public static async Task<ImageRunResult> RunFromLayoutAsync(
        string ociLayoutDirectory, string tag, IReadOnlyList<string>? commandOverride = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ociLayoutDirectory);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        using var work = TemporaryDirectory.Create("run");
        var bundle = Path.Combine(work.Path, "bundle");
        await Umoci.UnpackAsync(ociLayoutDirectory, tag, bundle, cancellationToken).ConfigureAwait(false);
        var process = await RuntimeBundleProcess.ReadAsync(bundle, cancellationToken).ConfigureAwait(false);
        var arguments = commandOverride is null
            ? process.Arguments
            : [.. await OciLayoutImage.ReadEntrypointAsync(ociLayoutDirectory, tag, cancellationToken).ConfigureAwait(false), .. commandOverride];
        if (arguments.Count == 0)
        {
            throw new InvalidOperationException($"The image {tag} has neither Entrypoint nor Cmd; give a command.");
        }

        var rootfs = Path.Combine(bundle, "rootfs");
        EnsureMountPoint(rootfs, "proc");
        EnsureMountPoint(rootfs, "dev");
        var result = await ProcessRunner.RunAsync(
            "/usr/bin/env",
            [
                "-i", .. process.Environment,
                "/usr/bin/unshare", "--mount", "--propagation", "private", "--pid", "--fork", "--kill-child",
                "/bin/sh", "-c", EnterScript, "enter", rootfs,
                process.Uid.ToString(CultureInfo.InvariantCulture), process.Gid.ToString(CultureInfo.InvariantCulture),
                process.WorkingDirectory,
                .. arguments,
            ],
            checkExitCode: false,
            timeout: RunTimeout,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ImageRunResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    /// <summary>Pulls the image from the registry with skopeo into a temporary OCI layout, then runs it as above.</summary>
    public static async Task<ImageRunResult> RunFromRegistryAsync(
        RegistryServer registry, string repositoryAndTag, IReadOnlyList<string>? commandOverride = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        using var work = TemporaryDirectory.Create("pull");
        var layout = Path.Combine(work.Path, "layout");
        const string Tag = "image";
        await Skopeo.CopyToOciLayoutAsync(registry, repositoryAndTag, layout, Tag, cancellationToken).ConfigureAwait(false);
        return await RunFromLayoutAsync(layout, Tag, commandOverride, cancellationToken).ConfigureAwait(false);
    }

    private static void EnsureMountPoint(string rootfs, string name)
    {
        var path = Path.Combine(rootfs, name);
        var info = new DirectoryInfo(path);
        if (info.LinkTarget is not null)
        {
            // Mounting through a link could land on the host's own directory.
            throw new InvalidOperationException($"/{name} in the image is a symbolic link; cannot mount over it safely.");
        }

        if (!info.Exists)
        {
            info.Create();
        }
    }
}
