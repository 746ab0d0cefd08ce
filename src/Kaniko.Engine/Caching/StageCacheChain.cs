using System.Globalization;
using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Caching;

/// <summary>
/// One stage's chain of keys. <see cref="PlanAsync"/> computes every key before the first
/// instruction runs (on a planning copy of the stage, to which each command applies only its effect on
/// the config and variables: RUN, COPY and ADD change neither, so the keys are those the instructions
/// will have) and starts all the lookups at once.
/// Then each RUN, COPY and ADD takes its lookup's answer until the first miss: after it the stage
/// root differs from what later entries were built on, so their answers are not awaited or used.
/// Executed steps are stored. An instruction whose inputs cannot be known (a RUN bind mount, an ADD
/// URL without validators) ends the chain: the rest of the stage executes and is not stored.
/// </summary>
internal sealed class StageCacheChain(LayerCache cache, string stageLabel, string? baseIdentity, string layerMediaType, LayerWriteOptions layerOptions, ILogger logger)
{
    private readonly List<Pending?> _planned = [];
    private bool _missed;
    private Pending? _current;

    /// <summary>The key after the stage's last instruction (null when the chain ended); a stage built on this one starts from it.</summary>
    public string? Key { get; private set; }

    /// <summary>The key of the instruction last looked up, or null.</summary>
    public string? CurrentKey => _current?.Key;

    /// <summary>Plans the keys of <paramref name="commands"/>; <paramref name="planning"/> is a copy of the stage they change as they go.</summary>
    public async Task PlanAsync<TStage>(IReadOnlyList<ICacheableCommand<TStage>> commands, TStage planning, CancellationToken cancellationToken)
    {
        var parent = baseIdentity is null ? null : InstructionCacheKey.Seed(
            baseIdentity,
            string.Join(' ', layerMediaType, layerOptions.Compression, layerOptions.CompressionLevel?.ToString(CultureInfo.InvariantCulture) ?? "default"),
            layerOptions.Reproducible ? layerOptions.ModificationTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : "none").Key();
        foreach (var command in commands)
        {
            var encoding = parent is null ? null : await KeyOrNullAsync(parent, command, planning, cancellationToken).ConfigureAwait(false);
            if (encoding is null)
            {
                if (parent is not null)
                {
                    logger.LogInformation("[{Stage}] {Instruction}: not cacheable (what it reads is not known before it runs); it and the rest of the stage execute", stageLabel, command.Text);
                }

                parent = null;
                _planned.Add(null);
                continue;
            }

            var key = encoding.Key();
            var cacheable = IsCacheable(command.CacheRule);
            _planned.Add(new Pending(command.CacheRule, key, parent!, FieldDigests.Summarize(encoding.Fields), cacheable, cacheable ? cache.LookUpAsync(key, cancellationToken) : null));
            parent = key;
            await command.ApplyToConfigAsync(planning, cancellationToken).ConfigureAwait(false);
        }

        Key = parent;
    }

    /// <summary>The planned key of instruction <paramref name="index"/>: a verified hit, or null to execute it.</summary>
    public async Task<CachedLayer?> LookupAsync(int index, string step, Platform platform, CancellationToken cancellationToken)
    {
        _current = _planned[index];
        if (_current is not { Cacheable: true, Lookup: { } lookup } current)
        {
            if (_current is { Rule: not LayerCacheRule.None } skipped)
            {
                logger.LogInformation("[{Stage} {Step}] executing {Key} (--cache-run-layers or --cache-copy-layers is off)", stageLabel, step, skipped.Key[..12]);
            }

            return null;
        }

        var key = current.Key;
        if (_missed)
        {
            logger.LogInformation("[{Stage} {Step}] executing {Key} (an earlier step of the stage missed)", stageLabel, step, key[..12]);
            return null;
        }

        var found = await lookup.ConfigureAwait(false);
        var hit = found is { } entry ? await cache.FetchAsync(entry.Store, entry.Entry, cancellationToken).ConfigureAwait(false) : null;
        if (hit is not null)
        {
            logger.LogInformation("[{Stage} {Step}] CACHED {Key} from {Store}", stageLabel, step, key[..12], hit.StoreName);
            cache.CopyToEarlierStores(hit, Record(current, hit.Layer, hit.CreatedBy, platform), cancellationToken);
            return hit;
        }

        _missed = true;
        logger.LogInformation("[{Stage} {Step}] executing {Key} (cache miss)", stageLabel, step, key[..12]);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var reason = await cache.ExplainMissAsync(current.Parent, current.FieldDigests, cancellationToken).ConfigureAwait(false);
            logger.LogDebug("[{Stage} {Step}] {Key} missed: {Reason}", stageLabel, step, key[..12], reason ?? "no stored entry has this key or the same parent");
        }

        return null;
    }

    /// <summary>After the instruction executed: stores its layer (or its having made none) under its key, in the background; whether it does.</summary>
    public bool Executed(LocalLayer? layer, string createdBy, Platform platform, CancellationToken cancellationToken)
    {
        if (_current is { Cacheable: true } current)
        {
            cache.StoreInBackground(Record(current, layer, createdBy, platform), cancellationToken);
            return true;
        }

        return false;
    }

    private static LayerCacheRecord Record(Pending step, LocalLayer? layer, string createdBy, Platform platform) =>
        new(step.Key, layer, createdBy, step.Parent, step.FieldDigests, platform);

    private static async Task<CacheKeyEncoding?> KeyOrNullAsync<TStage>(string parent, ICacheableCommand<TStage> command, TStage stage, CancellationToken cancellationToken)
    {
        try
        {
            return await InstructionCacheKey.ForAsync(parent, command, stage, cancellationToken).ConfigureAwait(false);
        }
        catch (KanikoException)
        {
            return null; // a bad word: the instruction reports it when it runs
        }
    }

    private bool IsCacheable(LayerCacheRule rule) => rule switch
    {
        LayerCacheRule.RunLayers => cache.Options.RunLayers,
        LayerCacheRule.CopyLayers => cache.Options.CopyLayers,
        _ => false,
    };

    private sealed record Pending(LayerCacheRule Rule, string Key, string Parent, string FieldDigests, bool Cacheable, Task<(ILayerCacheStore Store, LayerCacheEntry Entry)?>? Lookup);
}
