using System.CommandLine;
using Kaniko.Engine.Layers;

namespace Kaniko.Tool;

/// <summary>
/// <c>--compression-level</c>, whose range depends on <c>--compression</c>: gzip 0-9, zstd 1-22, and
/// kaniko's -1 for the method's default.
/// </summary>
internal static class CompressionLevelOption
{
    private const int MethodDefault = -1;

    public static Option<int?> Create() => new("--compression-level")
    {
        Description = "gzip 0-9 (default 1), zstd 1-22 (default 3); -1 for the default.",
    };

    /// <summary>Checks the level against the compression the same command line asks for.</summary>
    public static void ValidateAgainst(this Option<int?> level, Option<LayerCompression> compression, Command command)
    {
        command.Validators.Add(result =>
        {
            if (result.GetValue(level) is not { } value || value == MethodDefault)
            {
                return;
            }

            switch (result.GetValue(compression))
            {
                case LayerCompression.Gzip:
                    NumericFlagRanges.CheckBetween(result, level.Name, value, 0, 9, "gzip");
                    break;
                case LayerCompression.Zstd:
                    NumericFlagRanges.CheckBetween(result, level.Name, value, 1, 22, "zstd");
                    break;
            }
        });
    }

    /// <summary>The level for the engine: null for the method's default.</summary>
    public static int? ToEngineLevel(int? value) => value == MethodDefault ? null : value;
}
