using System.Diagnostics;
using System.Globalization;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;

namespace Kaniko.Benchmarks;

/// <summary>
/// One layer write or extraction, timed from inside, with the process's peak resident memory
/// (VmHWM) at the end: the numbers bench/layers.sh compares with GNU tar, gzip and pigz.
/// </summary>
internal static class LayerCommands
{
    /// <summary>write-layer TREE OUTPUT [gzip|zstd|none] [LEVEL]</summary>
    public static async Task<int> WriteAsync(string[] args)
    {
        var tree = Path.GetFullPath(args[0]);
        var compression = args.Length > 2 ? Enum.Parse<LayerCompression>(args[2], ignoreCase: true) : LayerCompression.Gzip;
        int? level = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : null;
        var watch = Stopwatch.StartNew();
        var output = new FileStream(args[1], FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        WrittenLayer layer;
        await using (output)
        {
            layer = await LayerWriter.WriteAsync(Walk(tree), output, new LayerWriteOptions { Compression = compression, CompressionLevel = level });
        }

        Report(watch, layer.Size);
        return 0;
    }

    /// <summary>extract-layer LAYER ROOT</summary>
    public static async Task<int> ExtractAsync(string[] args)
    {
        var watch = Stopwatch.StartNew();
        var layer = File.OpenRead(args[0]);
        await using (layer)
        {
            await LayerExtractor.ExtractAsync(layer, args[1]);
        }

        Report(watch, new FileInfo(args[0]).Length);
        return 0;
    }

    private static IEnumerable<LayerEntry> Walk(string tree)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var path in Directory.EnumerateFileSystemEntries(tree, "*", options))
        {
            var status = FileStatus.Read(path);
            var relative = Path.GetRelativePath(tree, path).Replace('\\', '/');
            var type = status switch
            {
                { IsDirectory: true } => LayerEntryType.Directory,
                { IsSymbolicLink: true } => LayerEntryType.Symlink,
                { IsRegularFile: true } => LayerEntryType.File,
                _ => (LayerEntryType?)null,
            };
            if (type is { } known)
            {
                yield return new LayerEntry(relative, known, status.Permissions, status.Uid, status.Gid)
                {
                    SourcePath = known == LayerEntryType.File ? path : null,
                    LinkTarget = known == LayerEntryType.Symlink ? new FileInfo(path).LinkTarget : null,
                };
            }
        }
    }

    private static void Report(Stopwatch watch, long bytes)
    {
        var peak = File.ReadLines("/proc/self/status").First(line => line.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = long.Parse(peak.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seconds={watch.Elapsed.TotalSeconds:F3} bytes={bytes} peak_rss_mb={kilobytes / 1024}"));
    }
}
