using Kaniko.Engine.Publishing;
using Microsoft.Build.Framework;

namespace Kaniko.Tasks;

/// <summary>
/// Writes the Dockerfile for a published .NET app from the SDK's container properties, when the
/// project brings none.
/// </summary>
public sealed class GenerateKanikoDockerfile : Microsoft.Build.Utilities.Task
{
    [Required]
    public string BaseImage { get; set; } = "";

    [Required]
    public string OutputPath { get; set; } = "";

    public string WorkingDirectory { get; set; } = "/app";

    /// <summary>ContainerAppCommand items; default <c>dotnet</c> and the entry assembly.</summary>
    public string[] AppCommand { get; set; } = [];

    public string EntryAssembly { get; set; } = "";

    public string[] AppCommandArgs { get; set; } = [];

    public string[] DefaultArgs { get; set; } = [];

    /// <summary>Entrypoint (default), DefaultArgs or None, as the SDK's ContainerAppCommandInstruction.</summary>
    public string AppCommandInstruction { get; set; } = "Entrypoint";

    public string? User { get; set; }

    /// <summary>The owner of the app's files (COPY --chown), e.g. ContainerUser when KanikoFilesOwnedByUser; empty keeps root.</summary>
    public string? FileOwner { get; set; }

    /// <summary>ContainerPort items: the port number, with metadata Type (tcp or udp).</summary>
    public ITaskItem[] Ports { get; set; } = [];

    /// <summary>ContainerEnvironmentVariable items: the name, with metadata Value.</summary>
    public ITaskItem[] EnvironmentVariables { get; set; } = [];

    /// <summary>ContainerLabel items: the name, with metadata Value.</summary>
    public ITaskItem[] Labels { get; set; } = [];

    /// <summary>Split the publish folder into Jib-style layers (KanikoLayering); else one layer.</summary>
    public bool Layering { get; set; }

    public string PublishDirectory { get; set; } = "";

    /// <summary>ResolvedFileToPublish items, whose metadata says which layer each file belongs to.</summary>
    public ITaskItem[] PublishedFiles { get; set; } = [];

    /// <summary>The project's own bin/ and obj/ folders: files built there are the app, not content.</summary>
    public string[] ProjectOutputFolders { get; set; } = [];

    public override bool Execute()
    {
        var settings = Settings();
        if (settings is null)
        {
            return false;
        }

        var text = AppDockerfile.Text(settings);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputPath))!);
        // Written only when changed, so an unchanged project keeps an unchanged input.
        if (!File.Exists(OutputPath) || File.ReadAllText(OutputPath) != text)
        {
            File.WriteAllText(OutputPath, text);
        }

        return true;
    }

    private AppImageSettings? Settings()
    {
        IReadOnlyList<string> command = AppCommand.Length > 0 ? AppCommand : ["dotnet", EntryAssembly];
        var app = command.Concat(AppCommandArgs).ToList();
        (IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd)? instruction = AppCommandInstruction.ToUpperInvariant() switch
        {
            "" or "ENTRYPOINT" => (app, DefaultArgs),
            "DEFAULTARGS" => ([], [.. app, .. DefaultArgs]),
            "NONE" => ([], DefaultArgs),
            _ => null,
        };
        if (instruction is null)
        {
            Log.LogError(null, TaskErrorCode.InvalidContainerProperty, null, null, 0, 0, 0, 0,
                "ContainerAppCommandInstruction '{0}' is not one of Entrypoint, DefaultArgs or None.", AppCommandInstruction);
            return null;
        }

        return new AppImageSettings(BaseImage, WorkingDirectory)
        {
            Entrypoint = instruction.Value.Entrypoint,
            Cmd = instruction.Value.Cmd,
            User = string.IsNullOrWhiteSpace(User) ? null : User,
            FileOwner = string.IsNullOrWhiteSpace(FileOwner) ? null : FileOwner,
            Ports = Ports.Select(port => $"{port.ItemSpec}/{Protocol(port)}").ToList(),
            Environment = EnvironmentVariables.Select(item => KeyValuePair.Create(item.ItemSpec, item.GetMetadata("Value"))).ToList(),
            Labels = Labels.Select(item => KeyValuePair.Create(item.ItemSpec, item.GetMetadata("Value"))).ToList(),
            Layers = Layering ? LayerPlan() : null,
        };
    }

    private static string Protocol(ITaskItem port)
    {
        var type = port.GetMetadata("Type");
        return string.IsNullOrEmpty(type) ? "tcp" : type.ToLowerInvariant();
    }

    private IReadOnlyList<(AppLayer Layer, IReadOnlyList<string> Files)> LayerPlan()
    {
        var published = PublishedFiles.Select(item => new PublishedFile(item.GetMetadata("RelativePath"), item.GetMetadata("FullPath"))
        {
            PackageId = item.GetMetadata("NuGetPackageId"),
            PackageVersion = item.GetMetadata("NuGetPackageVersion"),
            ReferenceSourceTarget = item.GetMetadata("ReferenceSourceTarget"),
        });
        return AppLayering.Plan(published, PublishDirectory, ProjectOutputFolders);
    }
}
