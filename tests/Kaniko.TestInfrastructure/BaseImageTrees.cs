namespace Kaniko.TestInfrastructure;

/// <summary>The file trees of the base image layers, each written into an empty folder.</summary>
internal static class BaseImageTrees
{
    public const int AppUid = 1654;
    private const string HostBusybox = "/bin/busybox";
    private const string HostCaBundle = "/etc/ssl/certs/ca-certificates.crt";

    private const UnixFileMode Mode755 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Mode700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode Mode1777 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute
        | UnixFileMode.StickyBit;

    private const UnixFileMode Mode644 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static IEnumerable<string> HostInputFiles => [HostBusybox, HostCaBundle];

    /// <summary>busybox with every applet linked in /bin, the root and app (1654) users, /tmp.</summary>
    public static async Task WriteBusyboxAsync(string root, CancellationToken cancellationToken)
    {
        var bin = MakeDirectory(root, "bin", Mode755);
        var busybox = Path.Combine(bin, "busybox");
        File.Copy(HostBusybox, busybox);
        SetMode(busybox, Mode755);
        var applets = await ProcessRunner.RunAsync(HostBusybox, ["--list"], cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var applet in applets.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (applet != "busybox")
            {
                File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
            }
        }

        var etc = MakeDirectory(root, "etc", Mode755);
        WriteFile(etc, "passwd", $"root:x:0:0:root:/root:/bin/sh\napp:x:{AppUid}:{AppUid}::/home/app:/bin/sh\n");
        WriteFile(etc, "group", $"root:x:0:\napp:x:{AppUid}:\n");
        MakeDirectory(root, "tmp", Mode1777);
        MakeDirectory(root, "root", Mode700);
        MakeDirectory(root, "home", Mode755);
        var home = MakeDirectory(root, "home/app", Mode700);
        await ProcessRunner.RunAsync("chown", [$"{AppUid}:{AppUid}", home], cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Debian libraries .NET needs, with the host's CA bundle where OpenSSL looks for it.</summary>
    public static async Task WriteRuntimeDependenciesAsync(
        string root, IReadOnlyList<string> packagesWithVersions, string downloadDirectory, CancellationToken cancellationToken)
    {
        await DebianPackages.UnpackAsync(packagesWithVersions, downloadDirectory, root, cancellationToken).ConfigureAwait(false);
        SetMode(root, Mode755);
        var certificates = Path.Combine(root, "etc", "ssl", "certs");
        Directory.CreateDirectory(certificates);
        var bundle = Path.Combine(certificates, "ca-certificates.crt");
        File.Copy(HostCaBundle, bundle, overwrite: true);
        SetMode(bundle, Mode644);
    }

    /// <summary>The host (dotnet), hostfxr and Microsoft.NETCore.App at /usr/share/dotnet, linked from /usr/bin/dotnet.</summary>
    public static async Task WriteRuntimeAsync(string root, DotnetInstallation dotnet, CancellationToken cancellationToken)
    {
        var target = MakeDirectory(root, "usr/share/dotnet", Mode755);
        await CopyAsync(Path.Combine(dotnet.Root, "dotnet"), target, cancellationToken).ConfigureAwait(false);
        MakeDirectory(root, "usr/share/dotnet/host/fxr", Mode755);
        await CopyAsync(
            Path.Combine(dotnet.Root, "host", "fxr", dotnet.HostFxrVersion),
            Path.Combine(target, "host", "fxr"),
            cancellationToken).ConfigureAwait(false);
        MakeDirectory(root, "usr/share/dotnet/shared/Microsoft.NETCore.App", Mode755);
        await CopyAsync(
            Path.Combine(dotnet.Root, "shared", "Microsoft.NETCore.App", dotnet.RuntimeVersion),
            Path.Combine(target, "shared", "Microsoft.NETCore.App"),
            cancellationToken).ConfigureAwait(false);
        MakeDirectory(root, "usr/bin", Mode755);
        File.CreateSymbolicLink(Path.Combine(root, "usr", "bin", "dotnet"), "../share/dotnet/dotnet");
    }

    /// <summary>Microsoft.AspNetCore.App beside the runtime.</summary>
    public static async Task WriteAspNetCoreAsync(string root, DotnetInstallation dotnet, CancellationToken cancellationToken)
    {
        var shared = MakeDirectory(root, "usr/share/dotnet/shared/Microsoft.AspNetCore.App", Mode755);
        await CopyAsync(
            Path.Combine(dotnet.Root, "shared", "Microsoft.AspNetCore.App", dotnet.AspNetCoreVersion),
            shared,
            cancellationToken).ConfigureAwait(false);
    }

    private static string MakeDirectory(string root, string relativePath, UnixFileMode mode)
    {
        var current = root;
        foreach (var part in relativePath.Split('/'))
        {
            current = Path.Combine(current, part);
            if (!Directory.Exists(current))
            {
                Directory.CreateDirectory(current);
                // Set explicitly: the umask must not change the layer's bytes.
                SetMode(current, Mode755);
            }
        }

        SetMode(current, mode);
        return current;
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Base images are built with Linux tools.");
        }

        File.SetUnixFileMode(path, mode);
    }

    private static void WriteFile(string directory, string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        SetMode(path, Mode644);
    }

    private static Task CopyAsync(string source, string targetDirectory, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync("cp", ["-a", source, targetDirectory + "/"], cancellationToken: cancellationToken);
}
