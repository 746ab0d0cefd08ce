using System.CommandLine;
using System.CommandLine.Parsing;
using Kaniko.Engine;
using Kaniko.Engine.Caching;

namespace Kaniko.Tool;

/// <summary><c>--cache-ttl</c>, the same Go duration for <c>build</c> (layers and base images) and <c>warm</c>.</summary>
internal static class CacheTtlOption
{
    public static Option<TimeSpan> Create(string description) => new("--cache-ttl")
    {
        Description = description,
        CustomParser = Parse,
        DefaultValueFactory = _ => CacheTtl.Default,
    };

    private static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;
        try
        {
            return CacheTtl.Parse(text);
        }
        catch (KanikoException error)
        {
            result.AddError($"{error.Code}: {error.Message}");
            return CacheTtl.Default;
        }
    }
}
