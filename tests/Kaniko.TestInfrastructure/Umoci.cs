namespace Kaniko.TestInfrastructure;

/// <summary>The umoci commands the base image recipe and the image runner use.</summary>
internal static class Umoci
{
    // Fixed so the base image layout is the same on every build of the same inputs.
    public const string Epoch = "1970-01-01T00:00:00Z";

    public static Task InitAsync(string layout, CancellationToken cancellationToken) =>
        RunAsync(["init", "--layout", layout], cancellationToken);

    public static Task NewAsync(string layout, string tag, CancellationToken cancellationToken) =>
        RunAsync(["new", "--image", $"{layout}:{tag}"], cancellationToken);

    public static Task TagAsync(string layout, string fromTag, string newTag, CancellationToken cancellationToken) =>
        RunAsync(["tag", "--image", $"{layout}:{fromTag}", newTag], cancellationToken);

    public static Task AddLayerAsync(string layout, string tag, string uncompressedTar, string createdBy, CancellationToken cancellationToken) =>
        RunAsync(
            [
                "raw", "add-layer", "--image", $"{layout}:{tag}",
                "--history.created", Epoch, "--history.created_by", createdBy,
                uncompressedTar,
            ],
            cancellationToken);

    public static Task ConfigAsync(string layout, string tag, IEnumerable<string> settings, CancellationToken cancellationToken) =>
        RunAsync(
            ["config", "--image", $"{layout}:{tag}", "--no-history", "--created", Epoch, .. settings],
            cancellationToken);

    public static Task GarbageCollectAsync(string layout, CancellationToken cancellationToken) =>
        RunAsync(["gc", "--layout", layout], cancellationToken);

    public static Task UnpackAsync(string layout, string tag, string bundle, CancellationToken cancellationToken) =>
        RunAsync(["unpack", "--image", $"{layout}:{tag}", bundle], cancellationToken);

    private static Task RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync("umoci", arguments, timeout: TimeSpan.FromMinutes(5), cancellationToken: cancellationToken);
}
