using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Kaniko.Engine;

namespace Kaniko.Tool;

/// <summary>
/// <c>dotnet kaniko init [PROJECT] [--force] [-p NAME=VALUE ...]</c>: ejects the Dockerfile that
/// <c>-p:KanikoPublish=true</c> generates. It publishes the project and runs the Kaniko.Tasks package's
/// own <c>KanikoGenerateDockerfile</c> target (one generator for both), then writes the result beside
/// the project as <c>Dockerfile</c>, with a <c>Dockerfile.dockerignore</c> (BuildKit's per-Dockerfile
/// ignore file, read beside the Dockerfile whatever the context). Existing files are kept unless --force.
/// </summary>
internal static class InitCommandLine
{
    private const string Target = "KanikoGenerateDockerfile";

    public static Command Create()
    {
        var project = new Argument<string>("project") { Description = "The project file, or a folder holding one (default: the current folder).", DefaultValueFactory = _ => "." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing Dockerfile and Dockerfile.dockerignore." };
        var configuration = new Option<string>("--configuration", "-c") { Description = "The configuration to publish (default Release).", DefaultValueFactory = _ => "Release" };
        var properties = new Option<string[]>("--property", "-p") { Description = "NAME=VALUE MSBuild properties for the publish (ContainerBaseImage, ContainerUser...), repeatable." };
        var noRestore = new Option<bool>("--no-restore") { Description = "Do not restore the project first." };
        var command = new Command("init", "Write the Dockerfile that dotnet publish -p:KanikoPublish=true generates into the project, to edit and build with KanikoDockerfile.")
        {
            project, force, configuration, properties, noRestore,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var projectFile = ProjectFile(parsed.GetValue(project)!);
                var folder = Path.GetDirectoryName(projectFile)!;
                var dockerfile = Path.Combine(folder, "Dockerfile");
                var ignoreFile = dockerfile + ".dockerignore";
                if (!parsed.GetValue(force) && (File.Exists(dockerfile) || File.Exists(ignoreFile)))
                {
                    throw new KanikoException(ToolErrorCode.DockerfileExists, $"{(File.Exists(dockerfile) ? dockerfile : ignoreFile)} exists; pass --force to overwrite it.");
                }

                var (generated, publishFolder) = await GenerateAsync(projectFile, parsed.GetValue(configuration)!, parsed.GetValue(properties) ?? [], !parsed.GetValue(noRestore), cancellationToken).ConfigureAwait(false);
                var relativePublish = Path.GetRelativePath(folder, publishFolder);
                await File.WriteAllTextAsync(dockerfile, Header(relativePublish) + await File.ReadAllTextAsync(generated, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                await File.WriteAllTextAsync(ignoreFile, IgnoreFile, cancellationToken).ConfigureAwait(false);
                await Console.Out.WriteLineAsync($"Wrote {dockerfile} and {ignoreFile}. Build it with -p:KanikoPublish=true -p:KanikoDockerfile=Dockerfile, or dotnet kaniko build -c {relativePublish} -f Dockerfile.").ConfigureAwait(false);
                return BuildCommandLine.Succeeded;
            }
            catch (KanikoException error)
            {
                await Console.Error.WriteLineAsync($"error {error.Code}: {error.Message}").ConfigureAwait(false);
                return BuildCommandLine.Failed;
            }
        });
        return command;
    }

    private static string ProjectFile(string path)
    {
        if (File.Exists(path))
        {
            return Path.GetFullPath(path);
        }

        var projects = Directory.Exists(path) ? Directory.GetFiles(path, "*.*proj") : [];
        return projects.Length == 1
            ? Path.GetFullPath(projects[0])
            : throw new KanikoException(ToolErrorCode.NoSingleProject, projects.Length == 0 ? $"No project file at {path}." : $"{path} holds {projects.Length} project files; name one.");
    }

    /// <summary>Publishes and runs the package's generator; returns the generated Dockerfile and the publish folder.</summary>
    private static async Task<(string Dockerfile, string PublishFolder)> GenerateAsync(
        string projectFile, string configuration, IEnumerable<string> properties, bool restore, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            "msbuild", projectFile, "-nologo", .. restore ? ["-restore"] : Array.Empty<string>(),
            $"-t:Publish;{Target}", $"-p:Configuration={configuration}", .. properties.Select(property => "-p:" + property),
            "-getProperty:KanikoGeneratedDockerfile", "-getProperty:PublishDir",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var text = await output.ConfigureAwait(false) + await error.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var missing = text.Contains($"\"{Target}\"", StringComparison.Ordinal) && text.Contains("MSB4057", StringComparison.Ordinal);
            throw new KanikoException(ToolErrorCode.TasksNotReferenced, missing
                ? $"{projectFile} does not reference the Kaniko.Tasks package, whose {Target} target writes the Dockerfile; add <PackageReference Include=\"Kaniko.Tasks\" ... />."
                : $"Publishing {projectFile} failed:\n{text.Trim()}");
        }

        using var json = JsonDocument.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..]);
        var values = json.RootElement.GetProperty("Properties");
        var dockerfile = values.GetProperty("KanikoGeneratedDockerfile").GetString();
        if (string.IsNullOrEmpty(dockerfile) || !File.Exists(dockerfile))
        {
            throw new KanikoException(ToolErrorCode.TasksNotReferenced, $"{projectFile} does not reference the Kaniko.Tasks package, whose {Target} target writes the Dockerfile.");
        }

        var publishFolder = Path.GetFullPath(values.GetProperty("PublishDir").GetString()!.Replace('\\', '/'), Path.GetDirectoryName(projectFile)!);
        return (dockerfile, publishFolder);
    }

    private static string Header(string publishFolder) =>
        $"""
        # Written by dotnet kaniko init: the Dockerfile -p:KanikoPublish=true generates, to edit.
        # Its context is the publish folder ({publishFolder}): build it with -p:KanikoPublish=true
        # -p:KanikoDockerfile=Dockerfile, or dotnet kaniko build -c {publishFolder} -f Dockerfile.
        # The COPY lines list the files the publish held at init time: after changing package or project
        # references, run dotnet kaniko init --force again.

        """.ReplaceLineEndings("\n");

    private const string IgnoreFile =
        """
        # Read beside the Dockerfile whatever the build context is (BuildKit's <Dockerfile>.dockerignore),
        # here the publish folder. Patterns leave files out of the build context; files the COPY lines
        # name explicitly must stay.

        """;
}
