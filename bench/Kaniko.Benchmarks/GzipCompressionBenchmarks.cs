using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using ICSharpCode.SharpZipLib.GZip;

namespace Kaniko.Benchmarks;

/// <summary>
/// Layer compression: the BCL's zlib-ng GZipStream against SharpZipLib's managed deflate, on real
/// layer content (the installed .NET runtime's files, as a runtime layer holds them).
/// </summary>
[MemoryDiagnoser]
public class GzipCompressionBenchmarks
{
    private byte[] _content = [];

    [GlobalSetup]
    public void LoadLayerContent()
    {
        var runtime = Directory.GetDirectories("/usr/share/dotnet/shared/Microsoft.NETCore.App").Order(StringComparer.Ordinal).Last();
        using var buffer = new MemoryStream();
        foreach (var file in Directory.GetFiles(runtime).Order(StringComparer.Ordinal))
        {
            using var input = File.OpenRead(file);
            input.CopyTo(buffer);
            if (buffer.Length > 32 << 20)
            {
                break;
            }
        }

        _content = buffer.ToArray();

        // The ratio matters as much as the speed: print each variant's compressed size once.
        Console.WriteLine($"// sizes of {_content.Length} bytes: SharpZipLib 6 = {SharpZipLib(6)}, SharpZipLib 1 = {SharpZipLib(1)}, " +
            $"BCL Optimal = {Bcl(CompressionLevel.Optimal)}, BCL Fastest = {Bcl(CompressionLevel.Fastest)}");
    }

    [Benchmark(Baseline = true)]
    public long SharpZipLib_Level6() => SharpZipLib(6);

    [Benchmark]
    public long SharpZipLib_Level1() => SharpZipLib(1);

    [Benchmark]
    public long Bcl_Optimal() => Bcl(CompressionLevel.Optimal);

    [Benchmark]
    public long Bcl_Fastest() => Bcl(CompressionLevel.Fastest);

    private long SharpZipLib(int level)
    {
        var counter = new CountingStream();
        using (var gzip = new GZipOutputStream(counter) { IsStreamOwner = false })
        {
            gzip.SetLevel(level);
            gzip.Write(_content);
        }

        return counter.Length;
    }

    private long Bcl(CompressionLevel level)
    {
        var counter = new CountingStream();
        using (var gzip = new GZipStream(counter, level, leaveOpen: true))
        {
            gzip.Write(_content);
        }

        return counter.Length;
    }
}
