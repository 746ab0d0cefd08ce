using System.Formats.Tar;
using System.IO.Compression;
using Kaniko.Engine.Building;
using Kaniko.Engine.Images;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Building;

/// <summary>Builds a test folder's <c>context/</c> into an OCI layout and reads the image back.</summary>
internal static class ScratchBuild
{
    public static async Task<LocalImage> BuildAsync(TestFolder folder, Func<BuildRequest, BuildRequest>? adjust = null, ILogger? logger = null, string output = "out")
    {
        var request = new BuildRequest
        {
            ContextDirectory = folder.Combine("context"),
            NoPush = true,
            OciLayoutPath = folder.Combine(output),
            Reproducible = true,
        };
        await new ImageBuilder(logger ?? NullLogger.Instance).BuildAsync(adjust is null ? request : adjust(request));
        return await OciLayoutReader.ReadAsync(folder.Combine(output), "latest", Platform.Host, CancellationToken.None);
    }

    public static List<TarEntry> Entries(LocalLayer layer)
    {
        using var file = File.OpenRead(layer.BlobPath);
        using var content = layer.Descriptor.MediaType.EndsWith("gzip", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        using var reader = new TarReader(content);
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }

    public static List<string> Names(LocalLayer layer) => Entries(layer).Select(e => e.Name.TrimEnd('/')).ToList();

    public static string Content(LocalLayer layer, string name)
    {
        var entry = Entries(layer).Single(e => e.Name == name);
        using var reader = new StreamReader(entry.DataStream!);
        return reader.ReadToEnd();
    }
}
