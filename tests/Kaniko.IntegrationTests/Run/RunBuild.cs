using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Run;

/// <summary>Builds a run-* testassets Dockerfile on the busybox base in a fresh test registry and unpacks the result.</summary>
internal sealed class RunBuild : IAsyncDisposable
{
    private RunBuild(RegistryServer registry, TemporaryDirectory temp, ProcessResult result, string dockerfile)
    {
        Registry = registry;
        Temp = temp;
        Result = result;
        Dockerfile = dockerfile;
    }

    public RegistryServer Registry { get; }

    public TemporaryDirectory Temp { get; }

    public ProcessResult Result { get; }

    public string Dockerfile { get; }

    public string Reference => "tests/run:1";

    public static Task<RunBuild> StartAsync(string asset, params string[] extraArguments) =>
        StartAsync(asset, (arguments, _) => KanikoTool.RunAsync([.. arguments]), null, extraArguments);

    /// <summary>As above, with <paramref name="run"/> starting the tool (given its arguments and the temp folder) and the temp folder under <paramref name="tempParent"/>.</summary>
    public static async Task<RunBuild> StartAsync(
        string asset, Func<IReadOnlyList<string>, TemporaryDirectory, Task<ProcessResult>> run, string? tempParent, params string[] extraArguments)
    {
        var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox]);
        var temp = TemporaryDirectory.Create("run-it", tempParent);
        var dockerfile = KanikoTool.DockerfileFor(asset, registry.Host, temp);
        var result = await run(["build", "--context", KanikoTool.ContextFor(asset), "--dockerfile", dockerfile,
            "--destination", $"{registry.Host}/tests/run:1", .. extraArguments], temp);
        return new RunBuild(registry, temp, result, dockerfile);
    }

    /// <summary>The pushed image unpacked by umoci; returns the rootfs and the layout it came from.</summary>
    public async Task<(string RootFs, string Layout)> UnpackAsync()
    {
        var layout = Temp.Combine("layout");
        await Skopeo.CopyToOciLayoutAsync(Registry, Reference, layout, "run");
        var bundle = Temp.Combine("bundle");
        await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{layout}:run", bundle]);
        return (Path.Combine(bundle, "rootfs"), layout);
    }

    /// <summary>The entry names of every layer blob in the layout, as tar lists them.</summary>
    public static async Task<List<string>> LayerEntryNamesAsync(string layout)
    {
        var names = new List<string>();
        foreach (var blob in Directory.EnumerateFiles(Path.Combine(layout, "blobs", "sha256")))
        {
            var listing = await ProcessRunner.RunAsync("tar", ["-tzf", blob], checkExitCode: false);
            if (listing.ExitCode == 0)
            {
                names.AddRange(listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return names;
    }

    public async ValueTask DisposeAsync()
    {
        Temp.Dispose();
        await Registry.DisposeAsync();
    }
}
