using Microsoft.Build.Framework;

namespace Kaniko.Tasks;

/// <summary>Writes the Dockerfile for a published .NET app when the project brings none.</summary>
public sealed class GenerateKanikoDockerfile : Microsoft.Build.Utilities.Task
{
    [Required]
    public string BaseImage { get; set; } = "";

    [Required]
    public string EntryAssembly { get; set; } = "";

    [Required]
    public string OutputPath { get; set; } = "";

    public string WorkingDirectory { get; set; } = "/app";

    public override bool Execute()
    {
        var text = DockerfileText(BaseImage, WorkingDirectory, EntryAssembly);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputPath))!);
        // Written only when changed, so incremental builds see an unchanged input.
        if (!File.Exists(OutputPath) || File.ReadAllText(OutputPath) != text)
        {
            File.WriteAllText(OutputPath, text);
        }

        return true;
    }

    internal static string DockerfileText(string baseImage, string workingDirectory, string entryAssembly) =>
        $"""
        FROM {baseImage}
        WORKDIR {workingDirectory}
        COPY . {workingDirectory.TrimEnd('/')}/
        ENTRYPOINT ["dotnet", "{entryAssembly}"]

        """;
}
