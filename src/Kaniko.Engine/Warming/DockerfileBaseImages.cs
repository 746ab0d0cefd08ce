using Kaniko.Engine.Caching.BaseImages;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Warming;

/// <summary>
/// The registry images a Dockerfile builds on: every stage's FROM (with the global ARGs and
/// --build-arg values expanded) and every COPY --from / RUN --mount from= image, leaving out
/// earlier stages, <c>scratch</c>, <c>oci:</c> layouts and <c>docker-archive:</c> tars.
/// </summary>
internal static class DockerfileBaseImages
{
    /// <returns>Each image with the platform its FROM asks for (<c>--platform</c>), or null for the build's.</returns>
    public static IReadOnlyList<(string Image, string? Platform)> Find(string dockerfilePath, IReadOnlyDictionary<string, string?> buildArguments, string targetPlatform)
    {
        if (!File.Exists(dockerfilePath))
        {
            throw new KanikoException(BaseImageCacheErrorCode.DockerfileMissing, $"The Dockerfile '{dockerfilePath}' does not exist.");
        }

        var dockerfile = DockerfileParser.Parse(File.ReadAllText(dockerfilePath), dockerfilePath);
        var plan = StagePlan.Create(dockerfile, new StagePlanOptions
        {
            BuildArguments = buildArguments,
            TargetPlatform = targetPlatform,
            BuildPlatform = Images.Platform.Host.ToString(),
        });
        var images = new List<(string, string?)>();
        foreach (var stage in plan.Stages)
        {
            if (stage.BaseStage is null && IsRegistryImage(stage.BaseName))
            {
                images.Add((stage.BaseName, stage.Platform));
            }

            images.AddRange(stage.ImageDependencies.Where(IsRegistryImage).Select(image => (image, (string?)null)));
        }

        return images.Distinct().ToList();
    }

    private static bool IsRegistryImage(string name)
        => !string.Equals(name, "scratch", StringComparison.OrdinalIgnoreCase)
            && !name.StartsWith("oci:", StringComparison.Ordinal)
            && !name.StartsWith("docker-archive:", StringComparison.Ordinal);
}
