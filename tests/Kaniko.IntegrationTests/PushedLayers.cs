using System.Formats.Tar;
using System.IO.Compression;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>One tar entry of a layer: its name (folders end in <c>/</c>), mode and numeric owner.</summary>
internal sealed record PushedEntry(string Name, UnixFileMode Mode, int Uid, int Gid)
{
    public bool IsDirectory => Name.EndsWith('/');
}

/// <summary>The layers of a pushed image, read from skopeo's verified copy of it, bottom to top.</summary>
internal static class PushedLayers
{
    public static async Task<List<(string Digest, IReadOnlyList<PushedEntry> Entries)>> ReadAsync(RegistryServer registry, string repositoryAndTag)
    {
        using var temp = TemporaryDirectory.Create("layers");
        await Skopeo.CopyToOciLayoutAsync(registry, repositoryAndTag, temp.Path, "x");
        using var manifest = await Skopeo.InspectAsync(registry, repositoryAndTag, raw: true);
        var layers = new List<(string, IReadOnlyList<PushedEntry>)>();
        foreach (var layer in manifest.RootElement.GetProperty("layers").EnumerateArray())
        {
            var digest = layer.GetProperty("digest").GetString()!;
            await using var blob = File.OpenRead(Path.Combine(temp.Path, "blobs", "sha256", digest["sha256:".Length..]));
            await using var gzip = new GZipStream(blob, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            var entries = new List<PushedEntry>();
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                var name = entry.EntryType == TarEntryType.Directory && !entry.Name.EndsWith('/') ? entry.Name + "/" : entry.Name;
                entries.Add(new PushedEntry(name, entry.Mode, entry.Uid, entry.Gid));
            }

            layers.Add((digest, entries));
        }

        return layers;
    }
}
