using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Sandbox;
using Kaniko.Engine.Snapshots;

namespace Kaniko.Engine.Commands;

/// <summary>
/// RUN --mount as BuildKit reads it, turned into sandbox mounts for one command: <c>cache</c> (a
/// folder per id under the cache directory, kept across builds), <c>secret</c> (a file from
/// <c>--secret</c>, handed to the sandbox through a pipe onto a tmpfs of its own, never written to disk; or an env variable), <c>bind</c>
/// (read-only, from the context or an earlier stage or image) and <c>tmpfs</c>. The mount points
/// the sandbox has to create are listed so that no snapshot takes them and the walk removes them.
/// </summary>
internal sealed class RunMounts : IDisposable
{
    private const string ErrorCode = SandboxErrorCode.InvalidRunMount;
    private readonly List<IDisposable> _locks = [];

    public List<SandboxMount> Mounts { get; } = [];

    /// <summary>Image paths the sandbox creates only as mount points, parents first: removed after a walk, never in a layer.</summary>
    public List<string> CreatedMountPoints { get; } = [];

    /// <summary>The image paths mounted over: what lies there during the command is not the image's.</summary>
    public List<string> Targets { get; } = [];

    /// <summary><c>NAME=value</c> entries from <c>type=secret,env=NAME</c>.</summary>
    public List<string> Environment { get; } = [];

    public static async Task<RunMounts> PrepareAsync(RunInstruction instruction, StageState stage, CancellationToken cancellationToken)
    {
        var mounts = new RunMounts();
        try
        {
            foreach (var mount in instruction.Mounts)
            {
                await mounts.AddAsync(mount, instruction, stage, cancellationToken).ConfigureAwait(false);
            }

            return mounts;
        }
        catch
        {
            mounts.Dispose();
            throw;
        }
    }

    private async Task AddAsync(RunMount mount, RunInstruction instruction, StageState stage, CancellationToken cancellationToken)
    {
        var options = mount.Options;
        var target = Option(options, "target", "dst", "destination");
        var readOnly = IsTrue(options, "readonly") || IsTrue(options, "ro");
        switch (mount.Type)
        {
            case "cache":
                var cacheTarget = target ?? throw Error(instruction, "--mount=type=cache needs a target.");
                var folder = CacheFolder(stage.Run.CacheDirectory, Option(options, "id") ?? stage.ToImagePath(cacheTarget), options);
                if (Option(options, "sharing") is "locked" or "private")
                {
                    // One build at a time uses a locked cache; a private one is taken as locked.
                    _locks.Add(new FileStream(folder + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }

                AddMount(folder, cacheTarget, readOnly, instruction, stage);
                break;
            case "secret":
                var id = Option(options, "id") ?? (target is null ? null : Path.GetFileName(target)) ?? throw Error(instruction, "--mount=type=secret needs an id or a target.");
                if (!stage.Run.Secrets.TryGetValue(id, out var secret))
                {
                    if (IsTrue(options, "required"))
                    {
                        throw Error(instruction, $"The secret '{id}' is required but was not given; pass --secret id={id},src=FILE or env=VARIABLE.");
                    }

                    return;
                }

                if (Option(options, "env") is { } variable)
                {
                    Environment.Add(variable + "=" + Encoding.UTF8.GetString(secret));
                    if (target is null)
                    {
                        return;
                    }
                }

                var file = new SandboxSecret(secret, Octal(options, "mode", 0b100_000_000), Number(options, "uid"), Number(options, "gid"));
                AddMount(target ?? "/run/secrets/" + id, resolved => SandboxMount.ForSecret(file, resolved), instruction, stage);
                break;
            case "bind":
                if (IsTrue(options, "rw") || IsTrue(options, "readwrite"))
                {
                    throw Error(instruction, "--mount=type=bind,rw is not supported yet; bind mounts are read-only.");
                }

                var from = Option(options, "from");
                var sourceRoot = from is null ? stage.Context.HostPath
                    : stage.FromSources is { } sources ? await sources.RootOfAsync(from, cancellationToken).ConfigureAwait(false)
                    : throw Error(instruction, $"--mount=type=bind,from={from}: no stage or image is available here.");
                var source = new RootDirectory(sourceRoot).Resolve(Option(options, "source", "src") ?? "/");
                if (!Path.Exists(source))
                {
                    throw Error(instruction, $"--mount=type=bind: '{Option(options, "source", "src")}' does not exist in {from ?? "the build context"}.");
                }

                AddMount(source, target ?? throw Error(instruction, "--mount=type=bind needs a target."), readOnly: true, instruction, stage);
                break;
            case "tmpfs":
                AddMount(null, target ?? throw Error(instruction, "--mount=type=tmpfs needs a target."), readOnly: false, instruction, stage);
                break;
            default:
                throw Error(instruction, $"--mount=type={mount.Type} is not supported yet.");
        }
    }

    private void AddMount(string? source, string target, bool readOnly, RunInstruction instruction, StageState stage) =>
        AddMount(target, resolved => new SandboxMount(source, resolved, readOnly), instruction, stage);

    private void AddMount(string target, Func<string, SandboxMount> mountAt, RunInstruction instruction, StageState stage)
    {
        var imagePath = stage.ToImagePath(target);
        if (imagePath == "/" || SnapshotIgnoreList.Sandbox.Ignores(imagePath))
        {
            throw Error(instruction, $"--mount target '{target}' is a path the sandbox owns.");
        }

        // Links in the image are followed inside the root, so the mount lands where the command will look.
        var resolved = stage.Root.ToImagePath(stage.Root.Resolve(imagePath));
        var created = new List<string>();
        for (var slash = resolved.IndexOf('/', 1); ; slash = resolved.IndexOf('/', slash + 1))
        {
            var component = slash < 0 ? resolved : resolved[..slash];
            if (created.Count > 0 || !Path.Exists(stage.Root.HostPath + component))
            {
                created.Add(component);
            }

            if (slash < 0)
            {
                break;
            }
        }

        CreatedMountPoints.AddRange(created);
        Targets.Add(resolved);
        Mounts.Add(mountAt(resolved));
    }

    private static string CacheFolder(string? cacheDirectory, string id, IReadOnlyDictionary<string, string> options)
    {
        var root = cacheDirectory ?? KanikoUserCache.Folder("run-cache");
        var readable = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).Trim('_');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..12];
        var folder = Path.Combine(root, (readable.Length > 40 ? readable[..40] : readable) + "-" + hash);
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(root);
            var fresh = folder + ".new-" + Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(fresh);
            File.SetUnixFileMode(fresh, (UnixFileMode)Octal(options, "mode", 0b111_101_101));
            UnixSystemCalls.ChangeOwner(fresh, Number(options, "uid"), Number(options, "gid"));
            try
            {
                Directory.Move(fresh, folder);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                // Another build made it first.
                Directory.Delete(fresh);
            }
        }

        return folder;
    }

    private static string? Option(IReadOnlyDictionary<string, string> options, params string[] names) =>
        names.Select(name => options.TryGetValue(name, out var value) ? value : null).FirstOrDefault(value => value is not null);

    private static bool IsTrue(IReadOnlyDictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && value is "true" or "1" or "";

    private static int Octal(IReadOnlyDictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var value) ? Convert.ToInt32(value, 8) : fallback;

    private static int Number(IReadOnlyDictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;

    private static DockerfileException Error(RunInstruction instruction, string message) => new(ErrorCode, instruction.Location, message);

    public void Dispose()
    {
        foreach (var held in _locks)
        {
            held.Dispose();
        }
    }
}
