using System.Globalization;
using Kaniko.Engine.Commands;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Caching;

/// <summary>
/// One stage's chain of keys: every instruction extends it; RUN, COPY and ADD look their key up
/// until the first miss (after it the stage root differs from what later entries were built on,
/// so they are not used), and executed ones are stored. An instruction whose inputs cannot be
/// known (a RUN bind mount, an ADD URL without validators) ends the chain: the rest of the stage
/// executes and is not stored.
/// </summary>
internal sealed class StageCacheChain(LayerCache cache, string stageLabel, string? baseIdentity, string layerMediaType, LayerWriteOptions layerOptions, ILogger logger)
{
    private string? _parent = baseIdentity is null ? null : InstructionCacheKey.Seed(
        baseIdentity,
        string.Join(' ', layerMediaType, layerOptions.Compression, layerOptions.CompressionLevel?.ToString(CultureInfo.InvariantCulture) ?? "default"),
        layerOptions.Reproducible ? layerOptions.ModificationTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : "none").Key();
    private bool _missed;
    private Pending? _current;

    /// <summary>The key after the last instruction so far (null once the chain ended); a stage built on this one starts from it.</summary>
    public string? Key => _parent;

    /// <summary>The key of the instruction last looked up, or null.</summary>
    public string? CurrentKey => _current?.Key;

    /// <summary>Extends the chain by <paramref name="instruction"/>; a verified hit, or null to execute it.</summary>
    public async Task<CachedLayer?> LookupAsync(Instruction instruction, StageState stage, string step, CancellationToken cancellationToken)
    {
        _current = null;
        if (_parent is null)
        {
            return null;
        }

        var encoding = await InstructionCacheKey.ForAsync(_parent, instruction, stage, cancellationToken).ConfigureAwait(false);
        if (encoding is null)
        {
            logger.LogInformation("[{Stage} {Step}] not cacheable: what it reads is not known before it runs; later steps of the stage execute", stageLabel, step);
            _parent = null;
            return null;
        }

        var key = encoding.Key();
        _current = new Pending(key, _parent, FieldDigests.Summarize(encoding.Fields), IsCacheable(instruction));
        _parent = key;
        if (!_current.Cacheable)
        {
            return null;
        }

        if (_missed)
        {
            logger.LogInformation("[{Stage} {Step}] executing {Key} (an earlier step of the stage missed)", stageLabel, step, key[..12]);
            return null;
        }

        var hit = await cache.FindAsync(key, cancellationToken).ConfigureAwait(false);
        if (hit is not null)
        {
            logger.LogInformation("[{Stage} {Step}] CACHED {Key} from {Store}", stageLabel, step, key[..12], hit.StoreName);
            return hit;
        }

        _missed = true;
        logger.LogInformation("[{Stage} {Step}] executing {Key} (cache miss)", stageLabel, step, key[..12]);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var reason = await cache.ExplainMissAsync(_current.Parent, _current.FieldDigests, cancellationToken).ConfigureAwait(false);
            logger.LogDebug("[{Stage} {Step}] {Key} missed: {Reason}", stageLabel, step, key[..12], reason ?? "no stored entry has this key or the same parent");
        }

        return null;
    }

    /// <summary>After the instruction executed: stores its layer (or its having made none) under its key, in the background.</summary>
    public void Executed(LocalLayer? layer, string createdBy, Platform platform, CancellationToken cancellationToken)
    {
        if (_current is { Cacheable: true } current)
        {
            cache.StoreInBackground(new LayerCacheRecord(current.Key, layer, createdBy, current.Parent, current.FieldDigests, platform), cancellationToken);
        }
    }

    private bool IsCacheable(Instruction instruction) => instruction switch
    {
        RunInstruction => cache.Options.RunLayers,
        CopyInstruction or AddInstruction => cache.Options.CopyLayers,
        _ => false,
    };

    private sealed record Pending(string Key, string Parent, string FieldDigests, bool Cacheable);
}
