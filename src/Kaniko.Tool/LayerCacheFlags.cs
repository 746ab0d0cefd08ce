using System.CommandLine;
using Kaniko.Engine.Caching;

namespace Kaniko.Tool;

/// <summary>kaniko's layer cache flags and the options they make.</summary>
internal sealed class LayerCacheFlags
{
    private readonly Option<bool> _cache = new("--cache") { Description = "Reuse RUN/COPY/ADD layers stored under the same composite key, and store new ones." };
    private readonly Option<string?> _repository = new("--cache-repo") { Description = "Registry repository of cache layers (default: the first destination's repository + /cache, unless --cache-dir is given)." };
    private readonly Option<TimeSpan> _ttl = CacheTtlOption.Create("Cached layers and base images older than this are not used (Go duration, default 336h; 0 expires everything).");
    private readonly Option<bool> _runLayers = new("--cache-run-layers") { Description = "Cache RUN layers (default true).", DefaultValueFactory = _ => true };
    private readonly Option<bool> _copyLayers = new("--cache-copy-layers") { Description = "Cache COPY and ADD layers (default true).", DefaultValueFactory = _ => true };
    private readonly Option<bool> _noPush = new("--no-push-cache") { Description = "Look layers up in the cache repository but push none to it." };

    /// <summary><c>--cache-dir</c>: the local cache folder (layers under layers/).</summary>
    public Option<string?> Directory { get; } = new("--cache-dir") { Description = "Local cache folder: registry base images are taken from its images/ (filled by 'dotnet kaniko warm') and pulled ones stored there; with --cache its layers/ holds layers by key." };

    public void AddTo(Command command)
    {
        Option[] options = [_cache, _repository, _ttl, _runLayers, _copyLayers, _noPush, Directory];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    public LayerCacheOptions Options(ParseResult parsed) => new()
    {
        Enabled = parsed.GetValue(_cache),
        Repository = parsed.GetValue(_repository),
        TimeToLive = parsed.GetValue(_ttl),
        RunLayers = parsed.GetValue(_runLayers),
        CopyLayers = parsed.GetValue(_copyLayers),
        NoPush = parsed.GetValue(_noPush),
    };
}
