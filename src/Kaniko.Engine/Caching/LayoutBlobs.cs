using Kaniko.Engine.Images;

namespace Kaniko.Engine.Caching;

/// <summary>The blobs of an OCI image layout, and which of them its index.json reaches.</summary>
internal static class LayoutBlobs
{
    /// <summary>
    /// Every blob the descriptors reach: each descriptor's own, a manifest's config and layers, an
    /// index's manifests (those the layout holds; a base image's other platforms are never fetched).
    /// </summary>
    public static HashSet<Digest> Reachable(string layout, IEnumerable<Descriptor> roots)
    {
        var reached = new HashSet<Digest>();
        var pending = new Stack<Descriptor>(roots);
        while (pending.TryPop(out var descriptor))
        {
            var path = OciLayout.BlobPath(layout, descriptor.Digest);
            if (!reached.Add(descriptor.Digest) || !File.Exists(path))
            {
                continue;
            }

            if (descriptor.MediaType is MediaTypes.OciIndex or MediaTypes.DockerManifestList)
            {
                ImageIndex.Parse(File.ReadAllBytes(path)).Manifests.ForEach(pending.Push);
            }
            else if (descriptor.MediaType is MediaTypes.OciManifest or MediaTypes.DockerManifest)
            {
                var manifest = ImageManifest.Parse(File.ReadAllBytes(path));
                reached.Add(manifest.Config.Digest);
                reached.UnionWith(manifest.Layers.Select(layer => layer.Digest));
            }
        }

        return reached;
    }

    /// <summary>The layout's blob files (no temporary files), each with its digest.</summary>
    public static IEnumerable<(Digest Digest, FileInfo File)> All(string layout)
    {
        var folder = new DirectoryInfo(Path.Combine(layout, "blobs", Digest.Sha256Algorithm));
        if (!folder.Exists)
        {
            yield break;
        }

        foreach (var file in folder.EnumerateFiles())
        {
            if (file.Name.Length == 64 && file.Name.All(char.IsAsciiHexDigitLower))
            {
                yield return (Digest.Parse(Digest.Sha256Algorithm + ":" + file.Name), file);
            }
        }
    }
}
