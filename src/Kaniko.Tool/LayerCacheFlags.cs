using System.CommandLine;
using System.CommandLine.Parsing;
using Kaniko.Engine.Caching;

namespace Kaniko.Tool;

/// <summary>kaniko's layer cache flags and the options they make.</summary>
internal sealed class LayerCacheFlags
{
    private readonly Option<bool> _cache = new("--cache") { Description = "Reuse RUN/COPY/ADD layers stored under the same composite key, and store new ones." };
    private readonly Option<string?> _repository = new("--cache-repo") { Description = "Registry repository of cache layers (default: the first destination's repository + /cache, unless --cache-dir is given)." };
    private readonly Option<TimeSpan> _ttl = new("--cache-ttl") { Description = "Cache entries older than this are not used (Go duration, default 336h).", CustomParser = ParseDuration, DefaultValueFactory = _ => new LayerCacheOptions().TimeToLive };
    private readonly Option<bool> _runLayers = new("--cache-run-layers") { Description = "Cache RUN layers (default true).", DefaultValueFactory = _ => true };
    private readonly Option<bool> _copyLayers = new("--cache-copy-layers") { Description = "Cache COPY and ADD layers (default true).", DefaultValueFactory = _ => true };
    private readonly Option<bool> _noPush = new("--no-push-cache") { Description = "Look layers up in the cache repository but push none to it." };

    /// <summary><c>--cache-dir</c>: the local cache folder (layers under layers/).</summary>
    public Option<string?> Directory { get; } = new("--cache-dir") { Description = "Local cache folder; with --cache its layers/ folder holds layers by key (an OCI layout)." };

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

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;
        if (LayerCacheOptions.TryParseTimeToLive(text, out var duration))
        {
            return duration;
        }

        result.AddError($"--cache-ttl '{text}' is not a positive duration such as 336h or 90m.");
        return TimeSpan.Zero;
    }
}
