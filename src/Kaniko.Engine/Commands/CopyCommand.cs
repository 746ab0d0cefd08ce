using System.Globalization;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Commands;

/// <summary>COPY from the build context, with BuildKit's rules for sources and destinations.</summary>
internal sealed class CopyCommand(CopyInstruction instruction) : IBuildCommand
{
    public Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        if (instruction.From is not null)
        {
            throw new DockerfileException("KANIKO3001", instruction.Location, "COPY --from is not supported yet.");
        }

        if (instruction.Heredocs.Count > 0 || instruction.Parents || instruction.Exclude.Count > 0)
        {
            var what = instruction.Heredocs.Count > 0 ? "with a heredoc" : instruction.Parents ? "--parents" : "--exclude";
            throw new DockerfileException("KANIKO3001", instruction.Location, $"COPY {what} is not supported yet.");
        }

        var words = stage.Words();
        var sources = instruction.Sources.Select(source => words.Expand(source)).ToList();
        var destinationText = words.Expand(instruction.Destination);
        var (uid, gid) = instruction.Chown is null
            ? (0, 0)
            : ImageAccounts.Read(stage.Root).ResolveOwner(words.Expand(instruction.Chown));
        var copier = new ImageFileCopier(stage.Root, uid, gid, ParseChmod(instruction.Chmod));

        var matches = sources.SelectMany(source => MatchOrThrow(stage, source)).ToList();
        var destination = stage.ToImagePath(destinationText);
        var destinationIsDirectory = destinationText.EndsWith('/') || matches.Count > 1
            || Directory.Exists(stage.Root.Resolve(destination));
        foreach (var match in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Directory.Exists(match))
            {
                copier.CopyDirectoryContents(match, destination, stage.Context);
            }
            else if (destinationIsDirectory)
            {
                copier.EnsureDirectory(destination);
                copier.CopyFile(match, destination + "/" + Path.GetFileName(match));
            }
            else
            {
                copier.CopyFile(match, destination);
            }
        }

        var flags = string.Concat(
            instruction.Chown is null ? "" : $"--chown={instruction.Chown} ",
            instruction.Chmod is null ? "" : $"--chmod={instruction.Chmod} ");
        var createdBy = $"COPY {flags}{string.Join(' ', sources)} {destinationText} # buildkit";
        return Task.FromResult(new CommandResult(createdBy, copier.Written.Distinct(StringComparer.Ordinal).ToList()));
    }

    private IReadOnlyList<string> MatchOrThrow(StageState stage, string source)
    {
        var matches = stage.Context.Match(source);
        return matches.Count > 0
            ? matches
            : throw new DockerfileException("KANIKO3201", instruction.Location, $"COPY: '{source}' was not found in the build context '{stage.Context.HostPath}'.");
    }

    private UnixFileMode? ParseChmod(string? chmod)
    {
        if (chmod is null)
        {
            return null;
        }

        try
        {
            var bits = Convert.ToInt32(chmod, 8);
            if (bits is >= 0 and <= 0xFFF)
            {
                return (UnixFileMode)bits;
            }
        }
        catch (FormatException)
        {
        }
        catch (ArgumentException)
        {
        }

        throw new DockerfileException("KANIKO3202", instruction.Location,
            string.Create(CultureInfo.InvariantCulture, $"COPY --chmod='{chmod}' is not an octal mode such as 0644 (symbolic modes are not supported yet)."));
    }
}
