using System.Diagnostics;
using System.Globalization;
using Kaniko.Engine.Caching;
using Kaniko.Engine.Commands;
using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;
using Kaniko.Engine.Snapshots;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Building;

/// <summary>
/// Builds one stage: extracts the base into the stage's root, runs the base's ONBUILD triggers and
/// then each instruction, turns the files each one wrote into a layer and records history, then
/// assembles the manifest and config. With <c>--single-snapshot</c> the instructions add no layer of
/// their own: a walk of the root before the first and after the last (kaniko's way, in the build's
/// <c>--snapshot-mode</c>) makes one layer of everything the stage changed, carried by the last
/// instruction's history entry; every other entry is marked empty_layer.
/// </summary>
internal sealed class StageExecutor(
    BlobStore blobs,
    BuildContextDirectory context,
    bool reproducible,
    ILogger logger,
    LayerCompression compression = LayerCompression.Gzip,
    int? compressionLevel = null,
    ImageFormat format = ImageFormat.Base,
    Sandbox.RunOptions? run = null,
    bool singleSnapshot = false,
    LayerCache? cache = null,
    LayerListingStore? listings = null)
{
    private const string HistoryComment = "buildkit.dockerfile.v0";
    private readonly System.Collections.Concurrent.ConcurrentBag<(int Stage, int Step, BuildStep Value)> _steps = [];
    private readonly OverlayRefusal _overlayRefusal = new();

    /// <summary>Every instruction of every stage built so far, in stage and instruction order.</summary>
    public IReadOnlyList<BuildStep> Steps => _steps.OrderBy(s => s.Stage).ThenBy(s => s.Step).Select(s => s.Value).ToList();

    public async Task<BuiltStage> BuildAsync(
        BuildStage stagePlan,
        LocalImage baseImage,
        StageVariables variables,
        IFromSources? fromSources,
        char escape,
        string rootPath,
        IReadOnlyDictionary<string, string> extraLabels,
        CancellationToken cancellationToken,
        string? baseStageKey = null,
        bool readByLaterStages = true)
    {
        var label = stagePlan.Name ?? stagePlan.Index.ToString(CultureInfo.InvariantCulture);
        var root = new RootDirectory(rootPath);
        Directory.CreateDirectory(root.HostPath);
        // A fresh copy, so the base image's parsed config is never changed under it.
        var config = ImageConfig.Parse(baseImage.ConfigBytes);
        var instructions = Triggers(config, stagePlan.From).Concat(stagePlan.Instructions).ToList();
        var listedRootAllowed = listings is not null && !singleSnapshot && !readByLaterStages;
        // The instructions from this one to the end read no base data.
        var readsNoBaseDataFrom = Enumerable.Range(0, instructions.Count + 1).First(start => instructions.Skip(start).All(ReadsNoBaseData));
        var baseFilesOnDemand = listedRootAllowed && readsNoBaseDataFrom == 0;
        // With the cache, what executes is what follows the first miss: it may run nothing though the stage has RUNs.
        var deferred = new DeferredRoot(root, baseFilesOnDemand || (listedRootAllowed && cache is not null) ? listings : null);
        var onDemandLogged = baseFilesOnDemand;
        if (baseFilesOnDemand)
        {
            logger.LogInformation("[{Stage}] runs nothing and nothing copies from it: its base is not extracted, its folders and links come from the layers' listings", label);
        }

        foreach (var layer in baseImage.Layers)
        {
            deferred.Add(layer);
        }

        if (singleSnapshot || (cache is null && !baseFilesOnDemand))
        {
            await deferred.ApplyAsync(onDemand: false, cancellationToken).ConfigureAwait(false);
        }

        variables.SetImageEnvironment(config.Config?.Env ?? []);
        var stage = new StageState(root, context, config, logger)
        {
            Escape = escape,
            Variables = variables,
            FromSources = fromSources,
            StageName = label,
            Run = run ?? new(),
            OverlayRefusal = _overlayRefusal,
        };
        var isDocker = format switch
        {
            ImageFormat.Docker => true,
            ImageFormat.Oci => false,
            _ => baseImage.ManifestMediaType == MediaTypes.DockerManifest,
        };
        var layerMediaType = compression != LayerCompression.Gzip
            ? LayerMediaType.For(compression)
            : isDocker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip;
        var created = BuildClock.CreatedTime(reproducible);
        var writeOptions = new LayerWriteOptions
        {
            Reproducible = reproducible,
            ModificationTime = created,
            Compression = compression,
            CompressionLevel = compressionLevel,
        };
        var layers = baseImage.Layers
            .Select(l => l with { Descriptor = new Descriptor { MediaType = MediaTypes.LayerInFormat(l.Descriptor.MediaType, isDocker), Digest = l.Descriptor.Digest, Size = l.Descriptor.Size } })
            .ToList();
        var built = baseImage.Layers.Select(l => new BuiltLayer(l.Descriptor.Digest, l.Descriptor.Size, FromBase: true, "")).ToList();

        var chain = cache is null ? null : new StageCacheChain(
            cache,
            label,
            stagePlan.BaseStage is null ? baseImage.ManifestDigest.ToString() : baseStageKey is null ? null : "stage:" + baseStageKey,
            layerMediaType,
            writeOptions,
            logger);
        if (chain is not null)
        {
            await chain.PlanAsync(instructions, stage, cancellationToken).ConfigureAwait(false);
        }

        var stageWalk = singleSnapshot ? new WalkingSnapshotter(SnapshotIgnoreList.Sandbox, stage.Run.SnapshotMode, reproducible: false) : null;
        var before = stageWalk?.Capture(root);

        async Task AddLayerAsync(IReadOnlyList<LayerEntry> entries, string createdBy, string step, TimeSpan elapsed)
        {
            var layer = await blobs.WriteLayerAsync(entries, writeOptions, layerMediaType, cancellationToken).ConfigureAwait(false);
            logger.LogInformation(
                "[{Stage} {Step}] DONE {Seconds} layer {Digest} {Size} ({Entries} entries)",
                label, step, StepLog.Seconds(elapsed), layer.Descriptor.Digest, StepLog.Size(layer.Descriptor.Size), entries.Count);
            layers.Add(layer);
            config.RootFs.DiffIds.Add(layer.DiffId);
            built.Add(new BuiltLayer(layer.Descriptor.Digest, layer.Descriptor.Size, FromBase: false, createdBy));
        }

        var steps = instructions.Count + 1;
        logger.LogInformation("[{Stage} 1/{Steps}] {Instruction}", label, steps, TerminalText.Escape(stagePlan.From.Text));
        for (var index = 0; index < instructions.Count; index++)
        {
            var instruction = instructions[index];
            var step = index + 2;
            logger.LogInformation("[{Stage} {Step}/{Steps}] {Instruction}", label, step, steps, TerminalText.Escape(DisplayText.Shorten(instruction.Text)));
            var clock = Stopwatch.StartNew();
            var cached = chain is null ? null : await chain.LookupAsync(index, $"{step}/{steps}", config.Platform, cancellationToken).ConfigureAwait(false);
            _steps.Add((stagePlan.Index, index, new BuildStep(label, instruction.Text, chain?.CurrentKey, cached is not null)));
            if (cached is not null)
            {
                if (cached.Layer is { } reused)
                {
                    deferred.Add(reused);
                    layers.Add(reused);
                    config.RootFs.DiffIds.Add(reused.DiffId);
                    built.Add(new BuiltLayer(reused.Descriptor.Digest, reused.Descriptor.Size, FromBase: false, cached.CreatedBy));
                }

                config.History.Add(new HistoryEntry { Created = created, CreatedBy = cached.CreatedBy, Comment = HistoryComment, EmptyLayer = cached.Layer is null ? true : null });
                continue;
            }

            if (!IsMetadataOnly(instruction))
            {
                await deferred.ApplyAsync(index >= readsNoBaseDataFrom, cancellationToken).ConfigureAwait(false);
                if (deferred.ExtractsNothing && !onDemandLogged)
                {
                    onDemandLogged = true;
                    logger.LogInformation("[{Stage} {Step}/{Steps}] runs nothing from here and nothing copies from the stage: its base and cached layers are not extracted, their folders and links come from the layers' listings", label, step, steps);
                }
            }

            var result = await ExecuteAsync(instruction, stage, cancellationToken).ConfigureAwait(false);
            var history = new HistoryEntry { Created = created, CreatedBy = result.CreatedBy, Comment = HistoryComment };
            if (result.MakesLayer && stageWalk is null)
            {
                var entries = result.Entries ?? ListedFilesSnapshot.Entries(root, result.ChangedPaths!, reproducible);
                await AddLayerAsync(entries, result.CreatedBy, $"{step}/{steps}", clock.Elapsed).ConfigureAwait(false);
            }
            else
            {
                logger.LogInformation("[{Stage} {Step}/{Steps}] DONE {Seconds}", label, step, steps, StepLog.Seconds(clock.Elapsed));
                history.EmptyLayer = true;
            }

            var made = history.EmptyLayer is true ? null : layers[^1];
            if (chain?.Executed(made, result.CreatedBy, config.Platform, cancellationToken) is true && made is not null && listedRootAllowed
                && instructions.Skip(Math.Max(index + 1, readsNoBaseDataFrom)).Any(later => !IsMetadataOnly(later)))
            {
                // A later build that hits this layer and misses after it may take the layer's files on demand.
                listings!.KeepInBackground(made, cancellationToken);
            }
            config.History.Add(history);
        }

        if (stageWalk is not null && instructions.Count > 0)
        {
            var clock = Stopwatch.StartNew();
            var entries = stageWalk.Commit(before!, root);
            if (entries.Count > 0)
            {
                var last = config.History[^1];
                await AddLayerAsync(entries, last.CreatedBy ?? "", "single snapshot", clock.Elapsed).ConfigureAwait(false);
                last.EmptyLayer = null;
            }
        }

        if (extraLabels.Count > 0)
        {
            var labels = stage.ContainerConfig.Labels ??= new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in extraLabels)
            {
                labels[key] = value;
            }
        }

        config.Created = created;
        var configBytes = config.ToJson();
        var configDescriptor = await blobs.WriteBytesAsync(configBytes, isDocker ? MediaTypes.DockerConfig : MediaTypes.OciConfig, cancellationToken).ConfigureAwait(false);
        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = isDocker ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            Config = configDescriptor,
            Layers = layers.Select(l => l.Descriptor).ToList(),
        };
        var image = new LocalImage(manifest, manifest.ToJson(), config, configBytes, layers);
        return new BuiltStage(stagePlan.Index, stagePlan.Name, image, root.HostPath, built) { CacheKey = chain?.Key, Root = deferred };
    }

    /// <summary>Instructions that only change the config: they need no extracted root.</summary>
    private static bool IsMetadataOnly(Instruction instruction) => instruction is EnvInstruction or ArgInstruction or LabelInstruction
        or ExposeInstruction or UserInstruction or CmdInstruction or EntrypointInstruction or VolumeInstruction or ShellInstruction
        or StopSignalInstruction or HealthCheckInstruction or OnBuildInstruction or MaintainerInstruction;

    /// <summary>
    /// Instructions that read nothing of the base's files but folders, links, owners and modes (and
    /// <c>/etc/passwd</c> and <c>/etc/group</c>), so a stage of only these needs no extraction.
    /// </summary>
    private static bool ReadsNoBaseData(Instruction instruction) => IsMetadataOnly(instruction) || instruction is CopyInstruction or WorkdirInstruction;

    /// <summary>The base image's ONBUILD triggers, parsed; they run first and are not inherited further.</summary>
    private static List<Instruction> Triggers(ImageConfig config, FromInstruction from)
    {
        var triggers = config.Config?.OnBuild ?? [];
        if (config.Config is not null)
        {
            config.Config.OnBuild = null;
        }

        return triggers
            .Select(trigger => DockerfileParser.Parse("FROM scratch\n" + trigger, from.Location.File).Instructions[1])
            .Select(instruction => instruction is OnBuildInstruction or FromInstruction
                ? throw new DockerfileException(DockerfileErrorCode.InvalidOnBuildTrigger, from.Location, $"The base image's ONBUILD trigger '{instruction.Text}' is not allowed.")
                : instruction)
            .ToList();
    }

    private static async Task<CommandResult> ExecuteAsync(Instruction instruction, StageState stage, CancellationToken cancellationToken)
    {
        try
        {
            return await BuildCommands.Create(instruction).ExecuteAsync(stage, cancellationToken).ConfigureAwait(false);
        }
        catch (KanikoException error) when (error is not DockerfileException && error.Code == DockerfileErrorCode.InvalidWord)
        {
            // The lexer knows the word, not where it stands: the instruction does.
            throw new DockerfileException(error.Code, instruction.Location, error.Message);
        }
    }
}
