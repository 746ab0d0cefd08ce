namespace Kaniko.Engine.Publishing;

/// <summary>One ResolvedFileToPublish item: where it lands in the publish folder and where it came from.</summary>
public sealed record PublishedFile(string RelativePath, string SourcePath)
{
    public string? PackageId { get; init; }

    public string? PackageVersion { get; init; }

    public string? ReferenceSourceTarget { get; init; }
}
